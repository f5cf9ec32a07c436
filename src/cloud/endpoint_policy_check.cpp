#include "src/cloud/endpoint_policy_check.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <string>

#include "src/cloud/endpoint_url.h"

namespace flowfile::cloud {
namespace {

enum class AddressClass { kPublic, kLoopback, kLinkLocal, kPrivate };

std::string_view ClassName(AddressClass address_class) {
  switch (address_class) {
    case AddressClass::kLoopback:
      return "loopback";
    case AddressClass::kLinkLocal:
      return "link-local";
    case AddressClass::kPrivate:
      return "private";
    case AddressClass::kPublic:
      break;
  }
  return "public";
}

AddressClass ClassifyIpv4(std::uint32_t address) {  // host byte order
  const auto in = [address](std::uint32_t network, int bits) {
    const std::uint32_t mask = bits == 0 ? 0 : ~std::uint32_t{0} << (32 - bits);
    return (address & mask) == network;
  };
  if (in(0x7F000000, 8) || in(0x00000000, 8)) return AddressClass::kLoopback;  // 127/8, 0/8 (this host)
  if (in(0xA9FE0000, 16)) return AddressClass::kLinkLocal;                     // 169.254/16: metadata services
  if (in(0x0A000000, 8) || in(0xAC100000, 12) || in(0xC0A80000, 16) || in(0x64400000, 10)) {
    return AddressClass::kPrivate;  // 10/8, 172.16/12, 192.168/16, 100.64/10
  }
  return AddressClass::kPublic;
}

AddressClass ClassifyIpv6(const std::array<unsigned char, 16>& bytes) {
  const bool first_80_bits_zero =
      std::all_of(bytes.begin(), bytes.begin() + 10, [](unsigned char b) { return b == 0; });
  if (first_80_bits_zero && bytes[10] == 0xFF && bytes[11] == 0xFF) {  // IPv4-mapped
    return ClassifyIpv4(std::uint32_t{bytes[12]} << 24 | std::uint32_t{bytes[13]} << 16 |
                        std::uint32_t{bytes[14]} << 8 | bytes[15]);
  }
  const bool first_120_bits_zero =
      std::all_of(bytes.begin(), bytes.begin() + 15, [](unsigned char b) { return b == 0; });
  if (first_120_bits_zero && (bytes[15] == 1 || bytes[15] == 0)) return AddressClass::kLoopback;  // ::1, ::
  if (bytes[0] == 0xFE && (bytes[1] & 0xC0) == 0x80) return AddressClass::kLinkLocal;             // fe80::/10
  if ((bytes[0] & 0xFE) == 0xFC) return AddressClass::kPrivate;                                   // fc00::/7
  return AddressClass::kPublic;
}

AddressClass Classify(const sockaddr* address) {
  if (address->sa_family == AF_INET) {
    return ClassifyIpv4(ntohl(reinterpret_cast<const sockaddr_in*>(address)->sin_addr.s_addr));
  }
  std::array<unsigned char, 16> bytes{};
  const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
  std::copy(std::begin(v6->sin6_addr.s6_addr), std::end(v6->sin6_addr.s6_addr), bytes.begin());
  return ClassifyIpv6(bytes);
}

// "host" of "host", "host:port", "[v6]" or "[v6]:port".
std::string HostOf(std::string_view authority) {
  if (authority.starts_with('[')) {
    const std::size_t end = authority.find(']');
    return std::string(authority.substr(1, end == std::string_view::npos ? authority.npos : end - 1));
  }
  return std::string(authority.substr(0, authority.find(':')));
}

std::string NumericAddress(const sockaddr* address) {
  std::array<char, INET6_ADDRSTRLEN> text{};
  const void* bytes = address->sa_family == AF_INET
                          ? static_cast<const void*>(&reinterpret_cast<const sockaddr_in*>(address)->sin_addr)
                          : static_cast<const void*>(&reinterpret_cast<const sockaddr_in6*>(address)->sin6_addr);
  inet_ntop(address->sa_family, bytes, text.data(), text.size());
  return text.data();
}

struct AddressListFree {
  void operator()(addrinfo* list) const { freeaddrinfo(list); }
};

Error Unreachable(const ConnectionInfo& info) {
  return Error(ErrorCode::kInvalidEndpoint, "Endpoint " + info.endpoint_url + " is unreachable.", "endpoint_url");
}

bool Allows(const EndpointPolicy& policy, std::string_view entry) {
  return std::find(policy.allowed.begin(), policy.allowed.end(), entry) != policy.allowed.end();
}

}  // namespace

Status CheckEndpointAllowed(const ConnectionInfo& info, const EndpointPolicy& policy) {
  return ApproveEndpoint(info, policy).status();
}

Result<ApprovedEndpoint> ApproveEndpoint(const ConnectionInfo& info, const EndpointPolicy& policy) {
  if (!policy.refuse_internal || info.endpoint_url.empty()) return ApprovedEndpoint{};
  Result<Endpoint> endpoint = ParseEndpoint(info.endpoint_url);
  if (!endpoint.ok()) return Unreachable(info);
  ApprovedEndpoint approved{HostOf(endpoint->authority), {}};
  if (Allows(policy, approved.host)) return approved;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* raw = nullptr;
  if (getaddrinfo(approved.host.c_str(), nullptr, &hints, &raw) != 0 || raw == nullptr) return Unreachable(info);
  const std::unique_ptr<addrinfo, AddressListFree> addresses(raw);
  // Every address must pass: the client may connect to any of them.
  for (const addrinfo* address = raw; address != nullptr; address = address->ai_next) {
    if (address->ai_family != AF_INET && address->ai_family != AF_INET6) return Unreachable(info);
    const AddressClass address_class = Classify(address->ai_addr);
    if (address_class != AddressClass::kPublic && !Allows(policy, ClassName(address_class))) {
      return Unreachable(info);
    }
    approved.addresses.push_back(NumericAddress(address->ai_addr));
  }
  return approved;
}

}  // namespace flowfile::cloud
