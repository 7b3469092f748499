#pragma once
// The unpickler behind PickleReader (pickle_reader.h), internal to arml_models: the opcode values
// and the machine that runs them. pickle_reader.cpp holds its checks and the calls it resolves
// (allowed globals, tensor rebuilds, dict filling, cycle detection); pickle_opcodes.cpp the opcode
// loop, split by opcode family.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/errors.h"
#include "models/pickle_reader.h"

namespace arml::models::pickle_detail {

enum Op : unsigned char {
  kMark = '(', kStop = '.', kPop = '0', kPopMark = '1', kDup = '2',
  kBinInt = 'J', kBinInt1 = 'K', kBinInt2 = 'M', kNone = 'N', kBinPersId = 'Q', kReduce = 'R',
  kBinString = 'T', kShortBinString = 'U', kBinUnicode = 'X', kAppend = 'a', kBuild = 'b', kGlobal = 'c',
  kDict = 'd', kEmptyDict = '}', kAppends = 'e', kBinGet = 'h', kLongBinGet = 'j', kList = 'l',
  kEmptyList = ']', kBinPut = 'q', kLongBinPut = 'r', kSetItem = 's', kTuple = 't', kEmptyTuple = ')',
  kSetItems = 'u', kBinFloat = 'G', kBinBytes = 'B', kShortBinBytes = 'C',
  kProto = 0x80, kNewObj = 0x81, kTuple1 = 0x85, kTuple2 = 0x86, kTuple3 = 0x87, kNewTrue = 0x88,
  kNewFalse = 0x89, kLong1 = 0x8a, kLong4 = 0x8b, kShortBinUnicode = 0x8c, kBinUnicode8 = 0x8d,
  kInst = 'i', kObj = 'o',
  kBinBytes8 = 0x8e, kEmptySet = 0x8f, kAddItems = 0x90, kFrozenSet = 0x91, kNewObjEx = 0x92,
  kStackGlobal = 0x93, kMemoize = 0x94, kFrame = 0x95,
};

PickleValuePtr makeObject(std::string name, std::vector<PickleValuePtr> args);

// One run of the unpickler over [pos, size). Holds the stack, the mark stack and the memo.
class Machine {
public:
  Machine(const unsigned char* data, std::size_t size, std::size_t pos, const std::string& source,
          const PersistentLoader& loader)
      : d_(data), size_(size), pos_(pos), source_(source), loader_(loader) {}
  Machine(const Machine&) = delete;
  Machine& operator=(const Machine&) = delete;
  // After a failure the half-built values may reference each other in cycles; cut every link so
  // that they are freed (a finished run has been checked to be acyclic).
  ~Machine() {
    if (!finished_) unlinkAll();
  }

  // Reads opcodes up to STOP (pickle_opcodes.cpp) and returns the pickled value.
  PickleValuePtr run();
  std::size_t position() const { return pos_; }

private:
  [[noreturn]] void fail(const std::string& what) const {
    std::ostringstream msg;
    msg << "pickle at byte " << opStart_ << ": " << what;
    throw InputError(source_, msg.str());
  }

  void need(std::size_t n) {
    if (n > size_ - pos_) {
      if (pos_ == opStart_)
        fail("the data ends before the pickle's STOP opcode (truncated or damaged)");
      fail("the data ends at byte " + std::to_string(size_) + " in the middle of an opcode (truncated or damaged)");
    }
  }
  std::uint64_t readLE(std::size_t n) {
    need(n);
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n; ++i) v |= std::uint64_t(d_[pos_ + i]) << (8 * i);
    pos_ += n;
    return v;
  }
  std::string readBytes(std::uint64_t n) {
    if (n > size_ - pos_)
      fail("a string of " + std::to_string(n) + " bytes runs past the end of the data at byte " + std::to_string(size_) +
           " (truncated or damaged)");
    std::string s(reinterpret_cast<const char*>(d_ + pos_), static_cast<std::size_t>(n));
    pos_ += static_cast<std::size_t>(n);
    return s;
  }
  std::string readLine() {
    const std::size_t start = pos_;
    while (pos_ < size_ && d_[pos_] != '\n') ++pos_;
    if (pos_ >= size_) fail("unterminated text operand at the end of the data (truncated or damaged)");
    std::string s(reinterpret_cast<const char*>(d_ + start), pos_ - start);
    ++pos_;
    return s;
  }

  void push(PickleValuePtr v) { stack_.push_back(std::move(v)); }
  PickleValuePtr pop() {
    if (stack_.size() <= floor()) fail("stack underflow");
    PickleValuePtr v = std::move(stack_.back());
    stack_.pop_back();
    return v;
  }
  PickleValuePtr& top() {
    if (stack_.size() <= floor()) fail("stack underflow");
    return stack_.back();
  }
  std::size_t floor() const { return marks_.empty() ? 0 : marks_.back(); }
  std::vector<PickleValuePtr> popToMark() {
    if (marks_.empty()) fail("no MARK on the stack");
    const std::size_t m = marks_.back();
    marks_.pop_back();
    std::vector<PickleValuePtr> items(stack_.begin() + static_cast<std::ptrdiff_t>(m), stack_.end());
    stack_.resize(m);
    return items;
  }
  void memoPut(std::uint64_t index) { memo_[index] = top(); }
  void memoGet(std::uint64_t index) {
    auto it = memo_.find(index);
    if (it == memo_.end()) fail("memo entry " + std::to_string(index) + " was never stored");
    push(it->second);
  }

  // The opcode families of run(), each true when it handled `op` (pickle_opcodes.cpp).
  PickleValuePtr stop();
  bool stackOp(unsigned char op);
  bool scalarOp(unsigned char op);
  bool containerOp(unsigned char op);
  bool memoOp(unsigned char op);
  bool objectOp(unsigned char op);
  [[noreturn]] void unknownOpcode(unsigned char op) const;

  PickleValuePtr global(const std::string& module, const std::string& name);
  // Containers (tuple, list, dict, object) are registered so that cycles can be found and cut.
  PickleValuePtr track(PickleValuePtr v) {
    containers_.push_back(v);
    return v;
  }
  PickleValuePtr newObject(std::string name, std::vector<PickleValuePtr> args) {
    return track(makeObject(std::move(name), std::move(args)));
  }
  void failOnCycles();
  void unlinkAll();
  void setItems(PickleValue& dict, const std::vector<PickleValuePtr>& kv);
  PickleValuePtr call(const PickleValuePtr& callable, const PickleValuePtr& args);
  PickleValuePtr rebuildTensor(const PickleValue& args, bool v2);
  std::int64_t intArg(const PickleValuePtr& v, const char* what);

  const unsigned char* d_;
  std::size_t size_;
  std::size_t pos_;
  std::size_t opStart_ = 0;
  const std::string& source_;
  const PersistentLoader& loader_;
  std::vector<PickleValuePtr> stack_;
  std::vector<std::size_t> marks_;
  std::unordered_map<std::uint64_t, PickleValuePtr> memo_;
  std::vector<PickleValuePtr> containers_;
  // Per dict: key ("s" + text or "i" + number) -> entry index, so that filling a dict is linear.
  std::unordered_map<const PickleValue*, std::unordered_map<std::string, std::size_t>> dictIndex_;
  bool finished_ = false;
};

}  // namespace arml::models::pickle_detail
