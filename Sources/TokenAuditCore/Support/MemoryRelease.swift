import Foundation

/// Returns freed heap memory to the operating system between stages (glibc keeps it otherwise,
/// so a stage that frees much, like reading, would keep the process's peak memory high).
enum MemoryRelease {
  /// Has glibc serve blocks of 256 kB and more (chunk buffers, tables, big arrays) from their own
  /// mappings, returned to the system when freed. By default glibc raises that threshold each
  /// time such a block is freed, up to 32 MB, after which they come from the heap and the holes
  /// they leave keep peak memory growing with the input. Done once; a `MALLOC_MMAP_THRESHOLD_`
  /// set in the environment is left as it is.
  static let configure: Void = {
    #if os(Linux)
      if ProcessInfo.processInfo.environment["MALLOC_MMAP_THRESHOLD_"] == nil {
        _ = glibcMallopt(-3, 256 * 1024)  // M_MMAP_THRESHOLD
      }
    #endif
  }()

  /// Releases free heap pages (a no-op where the C library has no `malloc_trim`).
  static func trim() {
    #if os(Linux)
      _ = glibcMallocTrim(0)
    #endif
  }
}

#if os(Linux)
  /// glibc's `int malloc_trim(size_t pad)` (declared in <malloc.h>, which no Swift module exports).
  @_silgen_name("malloc_trim")
  private func glibcMallocTrim(_ pad: Int) -> Int32

  /// glibc's `int mallopt(int param, int value)` (<malloc.h>).
  @_silgen_name("mallopt")
  private func glibcMallopt(_ param: Int32, _ value: Int32) -> Int32
#endif
