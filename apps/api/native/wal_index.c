/*
 * Maps the head of a SQLite WAL-index ("-shm") file read-only, so that the
 * route table can tell from memory, without a system call, whether any
 * connection in any process has committed since it last looked: every commit
 * rewrites the wal-index header (mxFrame, iChange and checksums change).
 * See src/db/wal-index.ts and docs/decisions.md.
 *
 * The descriptor is deliberately never closed. Closing any descriptor of a
 * file drops every POSIX lock this process holds on it, including the locks
 * SQLite's own connections hold on the same -shm file.
 */
#include <node_api.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAP_BYTES 4096

static void unmap(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  munmap(data, MAP_BYTES);
}

static napi_value fail(napi_env env, const char* what) {
  char message[256];
  snprintf(message, sizeof message, "%s: %s", what, strerror(errno));
  napi_throw_error(env, NULL, message);
  return NULL;
}

/* map(path) -> ArrayBuffer over the first 4 KiB of the file, read-only, shared with every process. */
static napi_value Map(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  char path[4096];
  size_t length = 0;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 1 || napi_get_value_string_utf8(env, argv[0], path, sizeof path, &length) != napi_ok || length == 0 || length >= sizeof path - 1) {
    napi_throw_type_error(env, NULL, "map(path): a file path is expected");
    return NULL;
  }
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return fail(env, "cannot open the WAL-index file");
  struct stat st;
  if (fstat(fd, &st) != 0) return fail(env, "cannot stat the WAL-index file");
  if (st.st_size < MAP_BYTES) {
    errno = EINVAL;
    return fail(env, "the WAL-index file is not initialized");
  }
  void* head = mmap(NULL, MAP_BYTES, PROT_READ, MAP_SHARED, fd, 0);
  if (head == MAP_FAILED) return fail(env, "cannot map the WAL-index file");
  napi_value buffer;
  if (napi_create_external_arraybuffer(env, head, MAP_BYTES, unmap, NULL, &buffer) != napi_ok) {
    munmap(head, MAP_BYTES);
    napi_throw_error(env, NULL, "cannot expose the mapping");
    return NULL;
  }
  return buffer;
}

NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "map", NAPI_AUTO_LENGTH, Map, NULL, &fn);
  napi_set_named_property(env, exports, "map", fn);
  return exports;
}
