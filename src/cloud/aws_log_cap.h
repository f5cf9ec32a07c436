// A cap on the AWS SDK's console log that holds whoever initialised the SDK.
//
// The SDK inside Arrow logs to std::cout, one whole statement per write,
// each starting "[LEVEL] <date> <time> ". At Info and below it quotes
// request headers and canonical requests, session tokens included. Our own
// initialisation asks for Warn, but a host process (pyarrow's initialize_s3)
// may have initialised the SDK first at Trace, and the SDK's symbols are not
// exported by libarrow, so its logger cannot be reached: the cap filters the
// statements where they come out instead.
#pragma once

#include <string_view>

namespace flowfile::cloud {

// True for one write of the SDK's console log below Warn ("[INFO] 2026-...",
// "[DEBUG] ...", "[TRACE] ..."): the statements the cap drops.
bool IsVerboseAwsLogStatement(std::string_view text);

// Puts the cap in front of std::cout's buffer, once per process; everything
// else written to std::cout passes unchanged. Thread-safe.
void CapAwsConsoleLog();

}  // namespace flowfile::cloud
