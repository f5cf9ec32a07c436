// A mutex that clang's -Wthread-safety can reason about (as leveldb's
// port::Mutex and GUARDED_BY): libstdc++'s std::mutex carries no capability
// attributes, so members marked FLOWFILE_GUARDED_BY(mutex_) are checked only
// when the mutex is this type and it is held through MutexLock. Under GCC the
// macros expand to nothing and Mutex is a plain std::mutex.
#pragma once

#include <mutex>

#if defined(__clang__)
#define FLOWFILE_THREAD_ANNOTATION(x) __attribute__((x))
#else
#define FLOWFILE_THREAD_ANNOTATION(x)
#endif

#define FLOWFILE_CAPABILITY(x) FLOWFILE_THREAD_ANNOTATION(capability(x))
#define FLOWFILE_SCOPED_CAPABILITY FLOWFILE_THREAD_ANNOTATION(scoped_lockable)
#define FLOWFILE_GUARDED_BY(x) FLOWFILE_THREAD_ANNOTATION(guarded_by(x))
#define FLOWFILE_REQUIRES(...) FLOWFILE_THREAD_ANNOTATION(requires_capability(__VA_ARGS__))
#define FLOWFILE_ACQUIRE(...) FLOWFILE_THREAD_ANNOTATION(acquire_capability(__VA_ARGS__))
#define FLOWFILE_RELEASE(...) FLOWFILE_THREAD_ANNOTATION(release_capability(__VA_ARGS__))
#define FLOWFILE_EXCLUDES(...) FLOWFILE_THREAD_ANNOTATION(locks_excluded(__VA_ARGS__))

namespace flowfile {

// std::mutex with capability attributes. Not recursive.
class FLOWFILE_CAPABILITY("mutex") Mutex {
 public:
  void lock() FLOWFILE_ACQUIRE() { mutex_.lock(); }
  void unlock() FLOWFILE_RELEASE() { mutex_.unlock(); }
  // Tells the analysis the caller holds this mutex, where it cannot see so:
  // in a lambda that runs inside the locked scope (a transaction body).
  void AssertHeld() const FLOWFILE_THREAD_ANNOTATION(assert_capability(this)) {}

 private:
  std::mutex mutex_;
};

// Holds a Mutex for its scope (std::lock_guard, visible to the analysis).
class FLOWFILE_SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mutex) FLOWFILE_ACQUIRE(mutex) : mutex_(mutex) { mutex_.lock(); }
  ~MutexLock() FLOWFILE_RELEASE() { mutex_.unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

 private:
  Mutex& mutex_;
};

}  // namespace flowfile
