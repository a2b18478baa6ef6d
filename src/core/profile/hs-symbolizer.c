/* hs-symbolizer.c
 *
 * Copyright 2026 The Heapscope Authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "hs-symbolizer"

#include "config.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwelf.h>
#include <elfutils/libdwfl.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "hs-demangle.h"
#include "hs-symbolizer.h"

/* One ELF file placed at one load bias. Mappings of the same file (its
 * text, data and read-only segments are separate lines of a memory map)
 * share it. */
typedef struct
{
  Dwfl        *dwfl;
  Dwfl_Module *module;
} Module;

static void
module_free (gpointer p)
{
  Module *m = p;

  if (m->dwfl != NULL)
    dwfl_end (m->dwfl);
  g_free (m);
}

typedef struct
{
  HsProfileData *data;
  GHashTable    *functions;  /* "name\nsystem\nfile" → index+1 */
  GHashTable    *modules;    /* "path\nbias" → Module* */
  GHashTable    *by_mapping; /* mapping index → Module* (NULL: unusable) */
  GPtrArray     *notes;
} Symbolizer;

/* Where pprof's driver looks for a mapping's file (locateBinaries): in
 * each search directory, by build ID, by base name and by full path; then
 * the path the profile recorded. */
static GPtrArray *
candidate_paths (const char         *file,
                 const char         *build_id,
                 const char * const *search_path)
{
  GPtrArray *paths = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *base = g_path_get_basename (file);

  for (guint i = 0; search_path != NULL && search_path[i] != NULL; i++)
    {
      const char *dir = search_path[i];

      if (*dir == '\0')
        continue;
      if (build_id != NULL && *build_id != '\0')
        {
          g_ptr_array_add (paths, g_build_filename (dir, build_id, base, NULL));
          g_ptr_array_add (paths, g_build_filename (dir, file, build_id, NULL));
        }
      g_ptr_array_add (paths, g_build_filename (dir, base, NULL));
      g_ptr_array_add (paths, g_build_filename (dir, file, NULL));
    }
  g_ptr_array_add (paths, g_strdup (file));
  return paths;
}

static char *
elf_build_id_hex (Elf *elf)
{
  const void *bytes = NULL;
  ssize_t len = dwelf_elf_gnu_build_id (elf, &bytes);
  GString *hex;

  if (len <= 0)
    return NULL;
  hex = g_string_sized_new (len * 2);
  for (ssize_t i = 0; i < len; i++)
    g_string_append_printf (hex, "%02x", ((const guint8 *) bytes)[i]);
  return g_string_free (hex, FALSE);
}

/* The load bias of a mapping: runtime address minus the ELF's virtual
 * address. The segment holding the mapping's file offset says where that
 * offset sits in the ELF's address space (pprof's elfexec.GetBase). An
 * executable linked at fixed addresses has none. */
static gboolean
mapping_bias (Elf              *elf,
              const HsPMapping *m,
              guint64          *bias)
{
  GElf_Ehdr ehdr;
  size_t n_phdrs;

  if (gelf_getehdr (elf, &ehdr) == NULL || elf_getphdrnum (elf, &n_phdrs) != 0)
    return FALSE;
  if (ehdr.e_type == ET_EXEC)
    {
      *bias = 0;
      return TRUE;
    }
  if (ehdr.e_type != ET_DYN)
    return FALSE;

  for (size_t i = 0; i < n_phdrs; i++)
    {
      GElf_Phdr ph;
      guint64 align;

      if (gelf_getphdr (elf, i, &ph) == NULL || ph.p_type != PT_LOAD)
        continue;
      align = MAX (ph.p_align, 1);
      /* Memory maps start segments at page boundaries. */
      if ((ph.p_offset & ~(align - 1)) <= m->file_offset &&
          m->file_offset < ph.p_offset + MAX (ph.p_filesz, 1))
        {
          *bias = m->memory_start - m->file_offset + ph.p_offset - ph.p_vaddr;
          return TRUE;
        }
    }
  return FALSE;
}

static const Dwfl_Callbacks dwfl_callbacks = {
  .find_elf = NULL,
  .find_debuginfo = dwfl_standard_find_debuginfo,
  .section_address = dwfl_offline_section_address,
  .debuginfo_path = NULL,
};

/* Opens the mapping's file and places it. NULL with a note when there is
 * no usable file: the locations of that mapping keep their addresses. */
static Module *
open_mapping (Symbolizer         *s,
              guint               index,
              const char * const *search_path,
              guint               n_addresses)
{
  const HsPMapping *m = &g_array_index (s->data->mappings, HsPMapping, index);
  const char *file = hs_profile_data_str (s->data, m->filename);
  const char *want_id = hs_profile_data_str (s->data, m->build_id);
  g_autoptr(GPtrArray) paths = candidate_paths (file, want_id, search_path);
  g_autofree char *mismatch = NULL;
  g_autofree char *mismatch_id = NULL;
  gboolean found_any = FALSE;

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autofree char *have_id = NULL;
      g_autofree char *key = NULL;
      guint64 bias = 0;
      Module *module;
      Elf *elf;
      int fd;

      fd = open (path, O_RDONLY | O_CLOEXEC);
      if (fd < 0)
        continue;
      elf = elf_begin (fd, ELF_C_READ_MMAP, NULL);
      if (elf == NULL || elf_kind (elf) != ELF_K_ELF)
        {
          if (elf != NULL)
            elf_end (elf);
          close (fd);
          continue;
        }
      found_any = TRUE;
      have_id = elf_build_id_hex (elf);
      if (*want_id != '\0' && g_strcmp0 (have_id, want_id) != 0)
        {
          if (mismatch == NULL)
            {
              mismatch = g_strdup (path);
              mismatch_id = g_strdup (have_id != NULL ? have_id : _("none"));
            }
          elf_end (elf);
          close (fd);
          continue;
        }
      if (!mapping_bias (elf, m, &bias))
        {
          elf_end (elf);
          close (fd);
          continue;
        }
      elf_end (elf);

      key = g_strdup_printf ("%s\n%" G_GUINT64_FORMAT, path, bias);
      module = g_hash_table_lookup (s->modules, key);
      if (module == NULL)
        {
          module = g_new0 (Module, 1);
          module->dwfl = dwfl_begin (&dwfl_callbacks);
          dwfl_report_begin (module->dwfl);
          /* dwfl takes the descriptor. */
          module->module = dwfl_report_elf (module->dwfl, file, path, fd, bias, TRUE);
          dwfl_report_end (module->dwfl, NULL, NULL);
          if (module->module == NULL)
            close (fd);
          g_hash_table_insert (s->modules, g_steal_pointer (&key), module);
        }
      else
        close (fd);
      if (module->module != NULL)
        return module;
    }

  if (mismatch != NULL)
    g_ptr_array_add (s->notes,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%s: build ID %s does not match the profile’s %s, so it was not used; %u address stays unnamed.",
                                                   "%s: build ID %s does not match the profile’s %s, so it was not used; %u addresses stay unnamed.",
                                                   n_addresses),
                                      mismatch, mismatch_id, want_id, n_addresses));
  else if (!found_any)
    g_ptr_array_add (s->notes,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%s: binary not found (set the binary search path to where it is); %u address stays unnamed.",
                                                   "%s: binary not found (set the binary search path to where it is); %u addresses stay unnamed.",
                                                   n_addresses),
                                      file, n_addresses));
  else
    g_ptr_array_add (s->notes,
                     g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                   "%s: not an ELF file this memory map can place; %u address stays unnamed.",
                                                   "%s: not an ELF file this memory map can place; %u addresses stay unnamed.",
                                                   n_addresses),
                                      file, n_addresses));
  return NULL;
}

static guint32
intern_function (Symbolizer *s,
                 const char *name,
                 const char *system_name,
                 const char *file)
{
  g_autofree char *key = g_strdup_printf ("%s\n%s\n%s", name, system_name, file);
  gpointer found = g_hash_table_lookup (s->functions, key);
  HsPFunction f = { 0 };

  if (found != NULL)
    return GPOINTER_TO_UINT (found) - 1;

  f.id = s->data->functions->len + 1;
  f.name = hs_profile_data_add_string (s->data, name, -1);
  f.system_name = hs_profile_data_add_string (s->data, system_name, -1);
  f.filename = hs_profile_data_add_string (s->data, file, -1);
  g_array_append_val (s->data->functions, f);
  g_hash_table_insert (s->functions, g_steal_pointer (&key),
                       GUINT_TO_POINTER (s->data->functions->len));
  return s->data->functions->len - 1;
}

/* A subprogram's or inlined instance's own name: C++ and Rust give a
 * linkage name (what pprof calls the system name), C only a name. */
static void
die_names (Dwarf_Die   *die,
           const char **name,
           const char **linkage)
{
  Dwarf_Attribute attr;

  *linkage = dwarf_formstring (dwarf_attr_integrate (die, DW_AT_linkage_name, &attr));
  if (*linkage == NULL)
    *linkage = dwarf_formstring (dwarf_attr_integrate (die, DW_AT_MIPS_linkage_name, &attr));
  *name = dwarf_formstring (dwarf_attr_integrate (die, DW_AT_name, &attr));
  if (*name == NULL)
    *name = *linkage;
  if (*linkage == NULL)
    *linkage = *name;
}

static void
add_line (Symbolizer *s,
          const char *name,
          const char *system_name,
          const char *file,
          gint64      line)
{
  HsPLine l;
  /* C++ names as google-pprof and jeprof show them ("store::Log::Put"),
   * not DWARF's bare "Put" nor the symbol table's mangled form. */
  g_autofree char *readable = hs_demangle_short (system_name != NULL ? system_name : name);

  l.function = intern_function (s, readable != NULL ? readable : name, system_name != NULL ? system_name : name,
                                file != NULL ? file : "");
  l.line = line;
  g_array_append_val (s->data->lines, l);
}

/* Appends the frames of @address to the lines table, innermost first, and
 * returns how many. Inlined calls come from the DWARF scopes: each inlined
 * instance is one frame at the current line, and its call site is the
 * line of the frame around it (as addr2line -i prints them). */
static guint
symbolize_address (Symbolizer  *s,
                   Dwfl_Module *module,
                   guint64      address)
{
  guint start = s->data->lines->len;
  Dwarf_Addr cu_bias = 0;
  Dwarf_Die *cu = dwfl_module_addrdie (module, address, &cu_bias);
  Dwfl_Line *src = dwfl_module_getsrc (module, address);
  const char *file = NULL;
  int line = 0;
  gboolean outermost = FALSE;

  if (src != NULL)
    file = dwfl_lineinfo (src, NULL, &line, NULL, NULL, NULL);

  if (cu != NULL)
    {
      Dwarf_Die *scopes = NULL;
      int n = dwarf_getscopes (cu, address - cu_bias, &scopes);
      Dwarf_Files *files = NULL;
      size_t n_files = 0;

      /* The scopes around the address by PC range can stop at the
       * innermost inlined instance (GCC at -O2 gives the outer instances
       * other ranges): its DIE's own nesting has every instance it was
       * inlined into and the function that holds them, as eu-addr2line
       * -i walks it. Without it C++ lost the middle of its inline chains
       * (std::vector::push_back between emplace_back and the caller). */
      if (n > 0)
        {
          Dwarf_Die innermost;

          if (dwarf_offdie (dwarf_cu_getdwarf (cu->cu), dwarf_dieoffset (&scopes[0]), &innermost) != NULL)
            {
              Dwarf_Die *nested = NULL;
              int n_nested = dwarf_getscopes_die (&innermost, &nested);

              if (n_nested > 0)
                {
                  free (scopes);
                  scopes = nested;
                  n = n_nested;
                }
              else
                free (nested);
            }
        }

      if (dwarf_getsrcfiles (cu, &files, &n_files) != 0)
        files = NULL;

      for (int i = 0; i < n && !outermost; i++)
        {
          int tag = dwarf_tag (&scopes[i]);
          const char *name, *linkage;

          if (tag != DW_TAG_subprogram && tag != DW_TAG_inlined_subroutine)
            continue;
          die_names (&scopes[i], &name, &linkage);
          if (name == NULL)
            continue;
          add_line (s, name, linkage, file, line);
          if (tag == DW_TAG_subprogram)
            {
              outermost = TRUE;
              break;
            }

          /* The caller's frame is at this instance's call site. */
          {
            Dwarf_Attribute attr;
            Dwarf_Word call_file = 0, call_line = 0;

            if (dwarf_formudata (dwarf_attr (&scopes[i], DW_AT_call_line, &attr), &call_line) == 0)
              line = (int) call_line;
            else
              line = 0;
            if (files != NULL &&
                dwarf_formudata (dwarf_attr (&scopes[i], DW_AT_call_file, &attr), &call_file) == 0 &&
                call_file < n_files)
              file = dwarf_filesrc (files, call_file, NULL, NULL);
          }
        }
      free (scopes);
    }

  /* No debug information, or (GCC at -O2 does this) inlined scopes whose
   * enclosing function's DIE is not among them: the symbol table names
   * the function that holds the address, at the line reached so far. */
  if (!outermost)
    {
      GElf_Sym sym;
      GElf_Off offset = 0;
      const char *name = dwfl_module_addrinfo (module, address, &offset, &sym, NULL, NULL, NULL);

      if (name != NULL)
        {
          if (s->data->lines->len == start)
            add_line (s, name, name, NULL, 0);
          else
            add_line (s, name, name, file, line);
        }
    }

  return s->data->lines->len - start;
}

/* The mapping an address falls in, for readers that leave it unset. */
static guint32
find_mapping (HsProfileData *data,
              guint64        address)
{
  for (guint i = 0; i < data->mappings->len; i++)
    {
      const HsPMapping *m = &g_array_index (data->mappings, HsPMapping, i);

      if (m->memory_start <= address && address < m->memory_limit)
        return i;
    }
  return HS_NO_INDEX;
}

static gboolean
mapping_has_file (HsProfileData *data,
                  guint32        index)
{
  const HsPMapping *m;
  const char *file;

  if (index == HS_NO_INDEX || index >= data->mappings->len)
    return FALSE;
  m = &g_array_index (data->mappings, HsPMapping, index);
  file = hs_profile_data_str (data, m->filename);
  /* [vdso], [vsyscall], [heap]: nothing on disk to read. */
  return *file != '\0' && *file != '[';
}

static guint32
location_mapping (HsProfileData     *data,
                  const HsPLocation *loc)
{
  return loc->mapping != HS_NO_INDEX ? loc->mapping : find_mapping (data, loc->address);
}

gboolean
hs_symbolize_data_needed (HsProfileData *data)
{
  g_return_val_if_fail (data != NULL, FALSE);

  for (guint i = 0; i < data->locations->len; i++)
    {
      const HsPLocation *loc = &g_array_index (data->locations, HsPLocation, i);

      if (loc->n_lines == 0 && loc->address != 0 &&
          mapping_has_file (data, location_mapping (data, loc)))
        return TRUE;
    }
  return FALSE;
}

gboolean
hs_symbolize_data (HsProfileData       *data,
                   const char * const  *search_path,
                   GPtrArray           *notes,
                   GCancellable        *cancellable,
                   GError             **error)
{
  Symbolizer s = { 0 };
  g_autofree guint *per_mapping = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (data != NULL, FALSE);
  g_return_val_if_fail (notes != NULL, FALSE);

  elf_version (EV_CURRENT);

  s.data = data;
  s.notes = notes;
  s.functions = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  s.modules = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, module_free);
  s.by_mapping = g_hash_table_new (NULL, NULL);

  /* Functions the profile already has keep their indices; ours are new. */
  for (guint i = 0; i < data->functions->len; i++)
    {
      const HsPFunction *f = &g_array_index (data->functions, HsPFunction, i);

      g_hash_table_insert (s.functions,
                           g_strdup_printf ("%s\n%s\n%s",
                                            hs_profile_data_str (data, f->name),
                                            hs_profile_data_str (data, f->system_name),
                                            hs_profile_data_str (data, f->filename)),
                           GUINT_TO_POINTER (i + 1));
    }

  /* How many addresses each mapping would name, for the notes. */
  per_mapping = g_new0 (guint, data->mappings->len + 1);
  for (guint i = 0; i < data->locations->len; i++)
    {
      HsPLocation *loc = &g_array_index (data->locations, HsPLocation, i);
      guint32 mi = location_mapping (data, loc);

      if (loc->n_lines == 0 && loc->address != 0 && mapping_has_file (data, mi))
        per_mapping[mi]++;
    }

  for (guint i = 0; i < data->locations->len; i++)
    {
      HsPLocation *loc = &g_array_index (data->locations, HsPLocation, i);
      guint32 mi;
      Module *module;
      guint n;

      if (hs_cancel_check (cancellable, i, error))
        {
          ok = FALSE;
          break;
        }
      if (loc->n_lines != 0 || loc->address == 0)
        continue;
      mi = location_mapping (data, loc);
      if (!mapping_has_file (data, mi))
        continue;

      if (!g_hash_table_lookup_extended (s.by_mapping, GUINT_TO_POINTER (mi), NULL, (gpointer *) &module))
        {
          module = open_mapping (&s, mi, search_path, per_mapping[mi]);
          g_hash_table_insert (s.by_mapping, GUINT_TO_POINTER (mi), module);
        }
      if (module == NULL)
        continue;

      loc->line_start = data->lines->len;
      n = symbolize_address (&s, module->module, loc->address);
      loc->n_lines = n;
      loc->mapping = mi;
      if (n > 0)
        g_array_index (data->mappings, HsPMapping, mi).has_functions = TRUE;
      else
        loc->line_start = 0;
    }

  g_hash_table_unref (s.by_mapping);
  g_hash_table_unref (s.modules);
  g_hash_table_unref (s.functions);
  return ok;
}
