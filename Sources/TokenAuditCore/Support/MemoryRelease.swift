/// Returns freed heap memory to the operating system between stages (glibc keeps it otherwise,
/// so a stage that frees much, like reading, would keep the process's peak memory high).
enum MemoryRelease {
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
#endif
