# Heapscope developer entry points. Two commands on a fresh Debian 12:
#   make run     install what is missing, build, launch the app on a demo workload
#   make check   install what is missing, build, run every test (plain, ASan/UBSan, valgrind)

BUILD      ?= _build
ASAN_BUILD ?= _build-asan
SUDO       := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
XVFB       := xvfb-run -a -s "-screen 0 1280x800x24"

# Debian 12 packages: build, tests, validators, screenshots, benchmarks.
DEB_PACKAGES := \
  gcc make meson ninja-build pkg-config gettext python3 \
  libglib2.0-dev libglib2.0-dev-bin libgtk-4-dev libgtk-4-bin libadwaita-1-dev \
  libgtop2-dev libsoup-3.0-dev libjson-glib-dev libprotobuf-c-dev protobuf-c-compiler \
  desktop-file-utils appstream xvfb xauth imagemagick dbus \
  clang libclang-rt-14-dev valgrind golang-go hyperfine time procps \
  libdw-dev libre2-dev google-perftools libgoogle-perftools-dev libjemalloc-dev g++

.PHONY: all deps build run check check-plain check-asan check-valgrind bench clean

all: build

deps:
	@missing=$$(for p in $(DEB_PACKAGES); do \
	    dpkg-query -W -f='$${db:Status-Status}\n' $$p 2>/dev/null | grep -qx installed || echo $$p; \
	  done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing:" $$missing; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	else echo "All Debian packages are present."; fi

$(BUILD)/build.ninja:
	meson setup $(BUILD)

build: deps $(BUILD)/build.ninja
	meson compile -C $(BUILD)

run: build
	GSETTINGS_SCHEMA_DIR=$(BUILD)/data HEAPSCOPE_LIBEXECDIR=$(CURDIR)/$(BUILD)/src/probe:$(CURDIR)/$(BUILD)/src/demo \
	  $(BUILD)/src/ui/heapscope --demo

check-plain: build
	$(XVFB) meson test -C $(BUILD) --print-errorlogs

$(ASAN_BUILD)/build.ninja:
	meson setup $(ASAN_BUILD) -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug

check-asan: deps $(ASAN_BUILD)/build.ninja
	meson compile -C $(ASAN_BUILD)
	HS_TEST_TIMEOUT_FACTOR=5 $(XVFB) meson test -C $(ASAN_BUILD) --print-errorlogs --suite core --suite ui --timeout-multiplier 3

# The core suite under memcheck: the analyzer itself must not leak.
# --fair-sched=yes: valgrind runs one thread at a time, and its default
# lock lets a busy worker starve the test's main thread (a cancel sent
# after 2 ms arrived only when the worker had finished).
check-valgrind: build
	meson test -C $(BUILD) --print-errorlogs --suite core --timeout-multiplier 10 --logbase testlog \
	  --wrapper 'valgrind --quiet --fair-sched=yes --error-exitcode=66 --leak-check=full --errors-for-leak-kinds=definite --track-origins=no --suppressions=$(CURDIR)/tests/valgrind.supp'

# meson names the valgrind run's log testlog-valgrind.json (logbase + wrapper),
# so the summary counts all three runs.
check: check-plain check-asan check-valgrind
	@tests/summarize-testlogs.py $(BUILD)/meson-logs/testlog.json \
	  $(ASAN_BUILD)/meson-logs/testlog.json $(BUILD)/meson-logs/testlog-valgrind.json

bench: build
	bench/run

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
