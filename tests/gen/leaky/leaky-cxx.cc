/* leaky-cxx.cc: what a C++ program's heap profile holds, for the
 * symbolizer's C++ names (tests/test-cli-symbolize.c). Two classes with a
 * method of one name, a template instantiated twice, and the standard
 * library's inline chains (std::vector::push_back → emplace_back →
 * _M_realloc_insert → allocator), all kept until exit so that tcmalloc's
 * dump at exit holds them.
 *
 *   c++ -g -O1 -fno-omit-frame-pointer -o leaky-cxx leaky-cxx.cc
 *   HEAPPROFILE=prof LD_PRELOAD=libtcmalloc.so.4 ./leaky-cxx
 *   google-pprof --text --show_bytes ./leaky-cxx prof.0001.heap */

#include <cstdlib>
#include <new>
#include <string>
#include <vector>

namespace store
{
struct Cache
{
  std::vector<std::string> entries;

  __attribute__ ((noinline)) void Put (int n)
  {
    for (int i = 0; i < n; i++)
      entries.push_back (std::string (1000, 'x'));
  }
};

struct Log
{
  std::vector<char *> lines;

  __attribute__ ((noinline)) void Put (int n)
  {
    for (int i = 0; i < n; i++)
      lines.push_back (static_cast<char *> (malloc (3000)));
  }
};

template <typename T> struct Pool
{
  std::vector<T *> blocks;

  __attribute__ ((noinline)) void Grow (int n)
  {
    for (int i = 0; i < n; i++)
      blocks.push_back (new T[100]);
  }
};
}

/* Never destroyed (static objects' destructors would free their vectors
 * before tcmalloc's dump at exit) and not allocated: made in static
 * storage, so that every allocation is one of the methods'. (An object
 * made with new would be named differently by google-pprof, which takes a
 * heap stack's first address as a PC, and by go tool pprof and Heapscope,
 * which take it as a return address, when the call is the last
 * instruction before an inlined constructor.) */
alignas (store::Cache) static unsigned char cache_storage[sizeof (store::Cache)];
alignas (store::Log) static unsigned char log_storage[sizeof (store::Log)];
alignas (store::Pool<int>) static unsigned char ints_storage[sizeof (store::Pool<int>)];
alignas (store::Pool<double>) static unsigned char doubles_storage[sizeof (store::Pool<double>)];

int
main ()
{
  store::Cache *cache = new (cache_storage) store::Cache;
  store::Log *log = new (log_storage) store::Log;
  store::Pool<int> *ints = new (ints_storage) store::Pool<int>;
  store::Pool<double> *doubles = new (doubles_storage) store::Pool<double>;

  cache->Put (2000);
  log->Put (1000);
  ints->Grow (500);
  doubles->Grow (500);
  return 0;
}
