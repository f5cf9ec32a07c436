#include "flowfile/secret.h"

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <type_traits>

namespace flowfile {
namespace {

template <typename T>
concept Streamable = requires(std::ostream& os, const T& value) {
  os << value;
};

// A Secret must not be printable or silently turn into text.
static_assert(!Streamable<Secret>);
static_assert(!std::is_convertible_v<Secret, std::string>);
static_assert(!std::is_convertible_v<Secret, std::string_view>);
static_assert(!std::is_convertible_v<std::string, Secret>);

TEST(SecretTest, RevealsWhatItWasGiven) {
  Secret secret("wJalrXUtnFEMI/K7MDENG");
  EXPECT_EQ(secret.reveal(), "wJalrXUtnFEMI/K7MDENG");
  EXPECT_EQ(secret.size(), 21u);
  EXPECT_FALSE(secret.empty());
}

TEST(SecretTest, DefaultIsEmpty) {
  Secret secret;
  EXPECT_TRUE(secret.empty());
  EXPECT_EQ(secret.reveal(), "");
}

TEST(SecretTest, CopyIsIndependentAndEqual) {
  Secret original("abc");
  Secret copy = original;
  EXPECT_TRUE(copy == original);
  original = Secret("xyz");
  EXPECT_EQ(copy.reveal(), "abc");
  EXPECT_FALSE(copy == original);
}

TEST(SecretTest, MoveLeavesSourceEmpty) {
  Secret source("abc");
  Secret target = std::move(source);
  EXPECT_EQ(target.reveal(), "abc");
  EXPECT_TRUE(source.empty());  // NOLINT(bugprone-use-after-move): the contract under test
}

TEST(SecretTest, EqualityComparesLengthAndBytes) {
  EXPECT_TRUE(Secret("same") == Secret("same"));
  EXPECT_FALSE(Secret("same") == Secret("sam"));
  EXPECT_FALSE(Secret("same") == Secret("Same"));
  EXPECT_TRUE(Secret() == Secret(""));
}

}  // namespace
}  // namespace flowfile
