/*
 * compress_rate: how fast Debian's zlib and libzstd compress the validation guest's
 * pages when driven the way QEMU 7.2's multifd channels drive them.
 *
 * The calling pattern (facts read from QEMU 7.2, github.com/qemu/qemu at v7.2.0;
 * this file is written from that description, not copied):
 *   - migration/multifd-zlib.c, zlib_send_prepare: one deflate stream per channel,
 *     set up once at multifd-zlib-level (default 1, migration/migration.c) and never
 *     reset; per packet, each page is first copied into a page-sized buffer and fed
 *     to deflate() on its own, with Z_NO_FLUSH, the packet's last page with
 *     Z_SYNC_FLUSH; deflate() is called again while it returns Z_OK with input and
 *     output space left.
 *   - migration/multifd-zstd.c, zstd_send_prepare: one compression stream per channel
 *     at multifd-zstd-level (default 1); per packet, each page is fed straight from
 *     guest memory to ZSTD_compressStream2 with ZSTD_e_continue, the last page with
 *     ZSTD_e_flush, looping while the return is > 0 with input and output left.
 *   - migration/multifd.c: a packet holds up to 128 pages of 4 KiB
 *     (MULTIFD_PACKET_SIZE 512 KiB); the output buffer is twice the packet.
 *   - The receiving side (zlib_recv_pages, zstd_recv_pages, same files): one stream
 *     per channel; the packet's compressed bytes are the input, and each page is
 *     inflated (ZSTD_decompressStream) into its own page-sized output, Z_NO_FLUSH,
 *     the last page Z_SYNC_FLUSH, looping while a page is short and input is left.
 *
 * Page contents: "guest" pages are what validation/qemu/guest.S leaves in the region
 * (every write stores the running write count, a non-zero 32-bit word, at the start
 * of a page; fill=1 stores 0xA5A5A5A5 there; the other 4092 bytes stay zero): every
 * other page holds the fill word, the rest counts rising page by page as the walk goes;
 * "zero" pages are all zero; "random" pages are bytes from a fixed xorshift sequence.
 *
 * Usage: compress_rate zlib|zstd guest|zero|random LEVEL PACKETS [PAGES_PER_PACKET
 * [CHANNELS]]
 * CHANNELS threads (default 1), each with its own streams as each multifd channel
 * has, share the PACKETS, starting at different places of the region; each packet is
 * compressed, then decompressed by that thread's receiving stream (on loopback the
 * destination's channels run on the same cores) and checked against the pages.
 * Prints one JSON object: bytes in and out, the CPU seconds the threads spent
 * compressing and decompressing (CLOCK_THREAD_CPUTIME_ID: time on a core, whatever
 * else runs), and the wall seconds from the first thread's start (after one uncounted
 * warm-up packet each, the threads leave a common barrier) to the last one's end.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zlib.h>
#include <zstd.h>

#define PAGE 4096
#define REGION_PAGES 15840 /* the 64 MiB guest's written region (README) */

static double now(clockid_t clock) {
  struct timespec ts;
  clock_gettime(clock, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void make_region(unsigned char *ram, const char *contents) {
  memset(ram, 0, (size_t)REGION_PAGES * PAGE);
  uint64_t x = 0x9E3779B97F4A7C15ull;
  for (size_t p = 0; p < REGION_PAGES; p++) {
    unsigned char *page = ram + p * PAGE;
    if (strcmp(contents, "guest") == 0) {
      /* Alternately the fill word (fill=1) and a write count (little-endian). */
      uint32_t word = p % 2 == 0 ? 0xA5A5A5A5u : (uint32_t)(100000 + p);
      memcpy(page, &word, sizeof word);
    } else if (strcmp(contents, "random") == 0) {
      for (size_t i = 0; i < PAGE; i += 8) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        memcpy(page + i, &x, 8);
      }
    }
  }
}

static int fail(const char *what) {
  fprintf(stderr, "compress_rate: %s\n", what);
  return 1;
}

static pthread_barrier_t start_line;

struct channel {
  int is_zlib, level, per_packet;
  long packets;
  size_t first_page;
  const unsigned char *ram;
  size_t bytes_in, bytes_out;
  double compress_cpu, decompress_cpu, start, end;
  const char *error;
};

/* One channel: its own send and receive streams, its packets one after another. */
static void *run_channel(void *arg) {
  struct channel *c = arg;
  size_t out_len = 2u * 128u * PAGE;
  unsigned char *out = malloc(out_len), *copy = malloc(PAGE), *dest = malloc(128u * PAGE);
  z_stream zs, zr;
  ZSTD_CStream *zcs = NULL;
  ZSTD_DStream *zds = NULL;
  if (!out || !copy || !dest) {
    c->error = "out of memory";
    return NULL;
  }
  if (c->is_zlib) {
    memset(&zs, 0, sizeof zs);
    memset(&zr, 0, sizeof zr);
    if (deflateInit(&zs, c->level) != Z_OK || inflateInit(&zr) != Z_OK) {
      c->error = "zlib init";
      return NULL;
    }
  } else {
    zcs = ZSTD_createCStream();
    zds = ZSTD_createDStream();
    if (!zcs || !zds || ZSTD_isError(ZSTD_initCStream(zcs, c->level)) ||
        ZSTD_isError(ZSTD_initDStream(zds))) {
      c->error = "zstd init";
      return NULL;
    }
  }
  size_t next = c->first_page;
  /* Packet -1 warms the streams and buffers up (as a channel is by the time of the final
     copy) and is not counted; then all channels start together. */
  for (long k = -1; k < c->packets && !c->error; k++) {
    if (k == 0) {
      c->compress_cpu = c->decompress_cpu = 0;
      c->bytes_in = c->bytes_out = 0;
      pthread_barrier_wait(&start_line);
      c->start = now(CLOCK_MONOTONIC);
    }
    size_t first = next, produced = 0;
    double t0 = now(CLOCK_THREAD_CPUTIME_ID);
    ZSTD_outBuffer zo = {out, out_len, 0};
    for (int i = 0; i < c->per_packet && !c->error; i++) {
      const unsigned char *page = c->ram + next * PAGE;
      next = (next + 1) % REGION_PAGES;
      int last = i == c->per_packet - 1;
      if (c->is_zlib) {
        size_t room = out_len - produced;
        memcpy(copy, page, PAGE);
        zs.next_in = copy;
        zs.avail_in = PAGE;
        zs.next_out = out + produced;
        zs.avail_out = (uInt)room;
        int ret;
        do {
          ret = deflate(&zs, last ? Z_SYNC_FLUSH : Z_NO_FLUSH);
        } while (ret == Z_OK && zs.avail_in && zs.avail_out);
        if (ret != Z_OK || zs.avail_in) c->error = "deflate";
        produced += room - zs.avail_out;
      } else {
        ZSTD_inBuffer zi = {page, PAGE, 0};
        size_t ret;
        do {
          ret = ZSTD_compressStream2(zcs, &zo, &zi, last ? ZSTD_e_flush : ZSTD_e_continue);
        } while (ret > 0 && zi.pos < zi.size && zo.pos < zo.size);
        if (ZSTD_isError(ret) || zi.pos < zi.size) c->error = "ZSTD_compressStream2";
        produced = zo.pos;
      }
    }
    double t1 = now(CLOCK_THREAD_CPUTIME_ID);
    if (c->is_zlib) {
      zr.next_in = out;
      zr.avail_in = (uInt)produced;
    }
    ZSTD_inBuffer di = {out, produced, 0};
    for (int i = 0; i < c->per_packet && !c->error; i++) {
      unsigned char *page = dest + (size_t)i * PAGE;
      int last = i == c->per_packet - 1;
      if (c->is_zlib) {
        uLong before = zr.total_out;
        zr.next_out = page;
        zr.avail_out = PAGE;
        int ret;
        do {
          ret = inflate(&zr, last ? Z_SYNC_FLUSH : Z_NO_FLUSH);
        } while (ret == Z_OK && zr.avail_in && zr.total_out - before < PAGE);
        if (ret != Z_OK || zr.total_out - before != PAGE) c->error = "inflate";
      } else {
        ZSTD_outBuffer dout = {page, PAGE, 0};
        size_t ret;
        do {
          ret = ZSTD_decompressStream(zds, &dout, &di);
        } while (ret > 0 && di.pos < di.size && dout.pos < dout.size);
        if (ZSTD_isError(ret) || dout.pos != PAGE) c->error = "ZSTD_decompressStream";
      }
    }
    double t2 = now(CLOCK_THREAD_CPUTIME_ID);
    c->compress_cpu += t1 - t0;
    c->decompress_cpu += t2 - t1;
    for (int i = 0; i < c->per_packet && !c->error; i++) {
      if (memcmp(dest + (size_t)i * PAGE, c->ram + ((first + i) % REGION_PAGES) * PAGE, PAGE))
        c->error = "round trip differs";
    }
    c->bytes_in += (size_t)c->per_packet * PAGE;
    c->bytes_out += produced;
  }
  c->end = now(CLOCK_MONOTONIC);
  if (c->is_zlib) {
    deflateEnd(&zs);
    inflateEnd(&zr);
  } else {
    ZSTD_freeCStream(zcs);
    ZSTD_freeDStream(zds);
  }
  free(out);
  free(copy);
  free(dest);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc < 5) {
    fprintf(stderr,
            "usage: %s zlib|zstd guest|zero|random LEVEL PACKETS [PAGES_PER_PACKET [CHANNELS]]\n",
            argv[0]);
    return 2;
  }
  const char *algorithm = argv[1];
  const char *contents = argv[2];
  int level = atoi(argv[3]);
  long packets = atol(argv[4]);
  int per_packet = argc > 5 ? atoi(argv[5]) : 128;
  int channels = argc > 6 ? atoi(argv[6]) : 1;
  int is_zlib = strcmp(algorithm, "zlib") == 0;
  if (packets < 1 || per_packet < 1 || per_packet > 128 || channels < 1 || channels > 16 ||
      packets % channels != 0 || (!is_zlib && strcmp(algorithm, "zstd")) ||
      (strcmp(contents, "guest") && strcmp(contents, "zero") && strcmp(contents, "random"))) {
    fprintf(stderr, "bad arguments\n");
    return 2;
  }
  unsigned char *ram = malloc((size_t)REGION_PAGES * PAGE);
  struct channel c[16];
  pthread_t threads[16];
  if (!ram) return fail("out of memory");
  make_region(ram, contents);
  if (pthread_barrier_init(&start_line, NULL, (unsigned)channels + 1)) return fail("barrier");
  for (int t = 0; t < channels; t++) {
    c[t] = (struct channel){is_zlib, level, per_packet, packets / channels,
                            (size_t)t * REGION_PAGES / channels, ram, 0, 0, 0, 0, 0, 0, NULL};
    if (pthread_create(&threads[t], NULL, run_channel, &c[t])) return fail("pthread_create");
  }
  pthread_barrier_wait(&start_line);
  size_t bytes_in = 0, bytes_out = 0;
  double compress_cpu = 0, decompress_cpu = 0, first_start = 0, last_end = 0;
  for (int t = 0; t < channels; t++) {
    pthread_join(threads[t], NULL);
    if (t == 0 || c[t].start < first_start) first_start = c[t].start;
    if (t == 0 || c[t].end > last_end) last_end = c[t].end;
    if (c[t].error) return fail(c[t].error);
    bytes_in += c[t].bytes_in;
    bytes_out += c[t].bytes_out;
    compress_cpu += c[t].compress_cpu;
    decompress_cpu += c[t].decompress_cpu;
  }
  double wall = last_end - first_start;
  printf("{\"algorithm\":\"%s\",\"library\":\"%s\",\"contents\":\"%s\",\"level\":%d,"
         "\"pagesPerPacket\":%d,\"packets\":%ld,\"channels\":%d,\"bytesIn\":%zu,"
         "\"bytesOut\":%zu,\"compressCpuSeconds\":%.6f,\"decompressCpuSeconds\":%.6f,"
         "\"wallSeconds\":%.6f}\n",
         algorithm, is_zlib ? zlibVersion() : ZSTD_versionString(), contents, level, per_packet,
         packets, channels, bytes_in, bytes_out, compress_cpu, decompress_cpu, wall);
  free(ram);
  return 0;
}
