#ifndef KIOSQUE_CFILESWAP_H
#define KIOSQUE_CFILESWAP_H
/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE). Returns 0, or -1 with
/// errno set (ENOSYS/EINVAL where the kernel or file system cannot do it).
int kiosque_exchange_paths(const char *a, const char *b);

/// Marks a folder as the top of a directory hierarchy (ext2/3/4 attribute 'T', chattr +T):
/// the Orlov allocator then spreads the folders made in it across block groups. Returns 0,
/// or -1 with errno set where the file system has no such attribute.
int kiosque_mark_top_directory(const char *path);
#endif
