module hsgen

go 1.19
