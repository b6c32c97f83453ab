#ifndef KIOSQUE_CFILESWAP_H
#define KIOSQUE_CFILESWAP_H
/// Atomically exchanges two paths (Linux renameat2 RENAME_EXCHANGE). Returns 0, or -1 with
/// errno set (ENOSYS/EINVAL where the kernel or file system cannot do it).
int kiosque_exchange_paths(const char *a, const char *b);
#endif
