// tcmalloc-dumps.cc: linked into leaky-tcmalloc (make-native-fixtures.sh)
// to write tcmalloc's own sampled heap profile (MallocExtension::
// GetHeapSample, "heap_v2/RATE" header) and its growth stacks
// (GetHeapGrowthStacks, "@ growthz") when leaky.c's main ends.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <gperftools/malloc_extension.h>

static void
write_file (const char *path, const std::string &s)
{
  FILE *f = std::fopen (path, "w");
  if (f == nullptr)
    std::abort ();
  std::fwrite (s.data (), 1, s.size (), f);
  std::fclose (f);
}

extern "C" void
leaky_dump_tcmalloc (void)
{
  const char *sample = std::getenv ("LEAKY_HEAP_SAMPLE");
  const char *growth = std::getenv ("LEAKY_HEAP_GROWTH");
  std::string s;

  if (sample != nullptr)
    {
      MallocExtension::instance ()->GetHeapSample (&s);
      write_file (sample, s);
    }
  if (growth != nullptr)
    {
      s.clear ();
      MallocExtension::instance ()->GetHeapGrowthStacks (&s);
      write_file (growth, s);
    }
}
