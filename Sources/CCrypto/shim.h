// OpenSSL's libcrypto: HMAC-SHA256 for the members' signed links, constant-time comparison.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>
