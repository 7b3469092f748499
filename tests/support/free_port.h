#pragma once
// A TCP port on 127.0.0.1 that nothing listens on now: the rendezvous port of a test's ranks.

namespace arml::test {

int freePort();

}  // namespace arml::test
