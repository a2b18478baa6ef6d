/* leaky.c: the C program whose heap the tcmalloc and jemalloc fixtures
 * describe (tests/gen/make-native-fixtures.sh). Named functions allocate
 * known sizes through distinct call paths and keep (leak) most of it, so a
 * heap profile has a few clear stacks with known byte counts:
 *
 *   main → cache_fill → make_entry           200 × 4096 B kept
 *   main → parse_request → make_buffer       100 × 1024 B kept
 *   main → parse_request → make_buffer        50 × 1024 B freed
 *   main → load_table                          1 × 1 MiB kept
 *   main → log_line                          300 × 256 B freed
 *
 * All sizes are 256 bytes or more: at jemalloc's lg_prof_sample:0 jeprof
 * scales each record by 1/(1 - exp(-size)), which is exactly 1.0 in double
 * precision from about 37 bytes on, so its figures stay integers. */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void **kept;
static size_t n_kept;

static void __attribute__ ((noinline))
keep (void *p)
{
  kept[n_kept++] = p;
}

static void * __attribute__ ((noinline))
make_entry (size_t size)
{
  void *p = malloc (size);
  memset (p, 1, size);
  return p;
}

static void __attribute__ ((noinline))
cache_fill (int n)
{
  for (int i = 0; i < n; i++)
    keep (make_entry (4096));
}

static void * __attribute__ ((noinline))
make_buffer (void)
{
  void *p = malloc (1024);
  memset (p, 2, 1024);
  return p;
}

static void __attribute__ ((noinline))
parse_request (int n, int leak)
{
  for (int i = 0; i < n; i++)
    {
      void *p = make_buffer ();
      if (leak)
        keep (p);
      else
        free (p);
    }
}

static void __attribute__ ((noinline))
load_table (void)
{
  void *p = malloc (1 << 20);
  memset (p, 3, 1 << 20);
  keep (p);
}

static void __attribute__ ((noinline))
log_line (int n)
{
  for (int i = 0; i < n; i++)
    {
      char *p = malloc (256);
      snprintf (p, 256, "line %d", i);
      free (p);
    }
}

#ifdef LEAKY_TCMALLOC
void leaky_dump_tcmalloc (void);
#endif

/* Busy work for the CPU profile: two named paths, about 2:1. */
static volatile unsigned long sink;

static void __attribute__ ((noinline))
hash_block (unsigned long n)
{
  for (unsigned long i = 0; i < n; i++)
    sink = sink * 31 + i;
}

static void __attribute__ ((noinline))
checksum_all (unsigned long n)
{
  hash_block (2 * n);
}

static void __attribute__ ((noinline))
compress_all (unsigned long n)
{
  hash_block (n);
}

int
main (int    argc,
      char **argv)
{
  kept = calloc (1024, sizeof *kept);
  cache_fill (200);
  parse_request (100, 1);
  parse_request (50, 0);
  load_table ();
  log_line (300);
  if (argc > 1)
    {
      /* leaky SECONDS_TENTHS: spin for the CPU profiler. */
      unsigned long rounds = strtoul (argv[1], NULL, 10);
      for (unsigned long r = 0; r < rounds; r++)
        {
          checksum_all (20000000);
          compress_all (20000000);
        }
    }
#ifdef LEAKY_TCMALLOC
  leaky_dump_tcmalloc ();
#endif
  printf ("kept %zu blocks\n", n_kept);
  /* No free of `kept`: the profilers dump at exit with all of it live. */
  return 0;
}
