// DNS rebinding: the table library (object_store under Delta and Iceberg)
// connects to the addresses the endpoint policy approved, not to what a
// second lookup of the name answers. The name here resolves nowhere
// (.invalid), so only the pinned address can bring the request to the
// loopback listener.
#include <gtest/gtest.h>
#include <httplib.h>

#include <array>
#include <atomic>
#include <string>
#include <thread>

#include "src/cloud/filesystem_factory.h"
#include "src/io/table_library.h"

namespace flowfile {
namespace {

constexpr const char* kUnresolvable = "flowfile-pinned.invalid";

// A loopback listener that counts every request and answers 404.
class CountingListener {
 public:
  CountingListener() {
    server_.set_logger([this](const httplib::Request&, const httplib::Response&) { ++requests_; });
    server_.set_keep_alive_max_count(1);  // no idle connection delays stop()
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
  }
  ~CountingListener() {
    server_.stop();
    thread_.join();
  }
  int port() const { return port_; }
  int requests() const { return requests_; }

 private:
  httplib::Server server_;
  std::atomic<int> requests_{0};
  int port_ = 0;
  std::thread thread_;
};

Connection S3At(int port) {
  Connection connection;
  connection.info.connection_name = "lake";
  connection.info.storage_type = StorageType::kS3;
  connection.info.auth_method = AuthMethod::kAccessKey;
  connection.info.aws_region = "us-east-1";
  connection.info.aws_access_key_id = "AKIAIOSFODNN7EXAMPLE";
  connection.info.aws_allow_unsafe_html = true;
  connection.info.endpoint_url = "http://" + std::string(kUnresolvable) + ":" + std::to_string(port);
  connection.secrets.set(SecretField::kAwsSecretAccessKey, Secret("pinned-test-secret"));
  return connection;
}

TEST(PinnedEndpointTest, TheTableLibraryConnectsToTheApprovedAddress) {
  CountingListener listener;
  Result<cloud::CloudStorage> storage = cloud::OpenStorage(S3At(listener.port()));
  ASSERT_TRUE(storage.ok()) << storage.error().message();
  storage->table_options = cloud::PinEndpointAddresses(storage->table_options, {kUnresolvable, {"127.0.0.1"}});
  Result<io::TableRef> table = io::TableRef::Make(*storage, "s3://bucket/table");
  ASSERT_TRUE(table.ok()) << table.error().message();
  const FftTable raw = table->table();
  int64_t version = 0;
  std::array<char, 1024> message{};
  // Fails (the listener has no table); what matters is where it asked.
  EXPECT_NE(fft_delta_version_at(&raw, 0, /*first_at_or_after=*/0, &version, message.data(), message.size()),
            FFT_OK);
  EXPECT_GT(listener.requests(), 0) << message.data();
}

}  // namespace
}  // namespace flowfile
