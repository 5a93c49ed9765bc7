/*
 * Linked into the Native AOT executable on Linux (see the project file), run by the loader before main.
 *
 * At startup the runtime rehydrates the image's type data (about 11 MB for this app) into zero-initialized memory
 * that the kernel maps one 4 kB page at a time, on each page's first write. Where a page fault is expensive (on a
 * paravirtualised 2-core VM this repository ran on, 10 to 16 microseconds: about 2,700 faults, 30 ms of a 160 ms
 * start), asking for the whole range at once is much cheaper; where faults are cheap it saves about 1 ms.
 * Rehydration writes nearly all of it anyway, so the working set barely changes.
 * Kernels before 5.14 do not know MADV_POPULATE_WRITE and refuse it: the pages are then mapped on first write, as
 * before.
 */
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

/* Set by the linker: the start of the executable's zero-initialized data (.bss, then .hydrated) and its end. */
extern char __bss_start[], _end[];

/* Global, not static, so the name survives the link's --discard-all and PackageTests can find it in the symbols. */
__attribute__((constructor)) void messaging_connectors_prefault_zero_initialized_data(void)
{
    const unsigned long page = (unsigned long)sysconf(_SC_PAGESIZE);
    /* Whole pages only: the page holding __bss_start may also hold initialized data from the file. */
    const unsigned long start = ((unsigned long)__bss_start + page - 1) & ~(page - 1);
    const unsigned long end = ((unsigned long)_end + page - 1) & ~(page - 1);
    if (end > start)
        (void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
}
