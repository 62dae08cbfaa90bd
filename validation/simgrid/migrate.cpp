// One live migration under SimGrid's own live-migration plugin (SimGrid 3.32,
// src/plugins/vm/VmLiveMigration.cpp), printed as one JSON line on stdout.
//
// Platform: two hosts ("src", "dst") joined by one link of the given bandwidth and latency.
// A VM of the given RAM runs one endless CPU-bound task (dirtying in SimGrid is proportional to the
// flops the VM computes, dirty_page_tracking.cpp), with the given dirty-page intensity, working-set
// size and migration speed. The issuer actor runs on "src", so the final acknowledgement travels
// dst -> src over the same link.
//
// Every message the plugin sends is recorded through the s4u signals (Comm::on_send gives its
// mailbox and size, Activity::on_completion its end); suspension and resumption of the VM give the
// downtime. A guard stops the simulation after --max-rounds stage-2 messages (SimGrid itself would
// iterate until its 1e7-second timeout) and reports the run as not converged.
//
// Build: g++ -std=c++17 -O2 migrate.cpp -lsimgrid -o migrate
// Usage: migrate --ram-bytes N --intensity X --working-set-bytes N --bandwidth-bytes-per-second X
//                --latency-seconds X --migration-speed-bytes-per-second X
//                [--host-flops X] [--max-rounds N] [--cfg=... SimGrid options]
#include <simgrid/plugins/live_migration.h>
#include <simgrid/s4u.hpp>
#include <simgrid/version.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace sg4 = simgrid::s4u;

namespace {
struct Message {
  std::string mailbox;
  double bytes;
  double start;
  double end = -1;
};

std::vector<Message> messages;
std::map<const sg4::Activity*, size_t> message_index;
double suspended_at = -1;
double resumed_at = -1;
long stage2_messages = 0;
long max_rounds = 100000;
double migration_start = -1;

struct Params {
  double ram_bytes = -1;
  double intensity = -1;
  double working_set_bytes = -1;
  double bandwidth = -1;
  double latency = -1;
  double migration_speed = -1;
  double host_flops = 1e9;
};
Params params;

void print_json(bool converged, double end)
{
  std::printf("{\"simgridVersion\":\"%d.%d.%d\",\"converged\":%s,", SIMGRID_VERSION_MAJOR, SIMGRID_VERSION_MINOR,
              SIMGRID_VERSION_PATCH, converged ? "true" : "false");
  std::printf("\"params\":{\"ramBytes\":%.17g,\"intensity\":%.17g,\"workingSetBytes\":%.17g,"
              "\"bandwidthBytesPerSecond\":%.17g,\"latencySeconds\":%.17g,\"migrationSpeedBytesPerSecond\":%.17g,"
              "\"hostFlops\":%.17g},",
              params.ram_bytes, params.intensity, params.working_set_bytes, params.bandwidth, params.latency,
              params.migration_speed, params.host_flops);
  std::printf("\"startSeconds\":%.17g,\"endSeconds\":%.17g,\"suspendedAtSeconds\":%.17g,\"resumedAtSeconds\":%.17g,",
              migration_start, end, suspended_at, resumed_at);
  std::printf("\"messages\":[");
  for (size_t i = 0; i < messages.size(); i++) {
    const Message& m = messages[i];
    std::printf("%s{\"mailbox\":\"%s\",\"bytes\":%.17g,\"startSeconds\":%.17g,\"endSeconds\":%.17g}", i ? "," : "",
                m.mailbox.c_str(), m.bytes, m.start, m.end);
  }
  std::printf("]}\n");
  std::fflush(stdout);
}

double arg_value(int argc, char** argv, const char* name, double fallback)
{
  for (int i = 1; i + 1 < argc; i++)
    if (std::strcmp(argv[i], name) == 0) {
      char* end = nullptr;
      double v  = std::strtod(argv[i + 1], &end);
      if (end == argv[i + 1] || *end != '\0') {
        std::fprintf(stderr, "bad value for %s: %s\n", name, argv[i + 1]);
        std::exit(2);
      }
      return v;
    }
  if (fallback < 0) {
    std::fprintf(stderr, "missing %s\n", name);
    std::exit(2);
  }
  return fallback;
}
} // namespace

int main(int argc, char** argv)
{
  sg4::Engine e(&argc, argv); // consumes --cfg= and --log= options
  params.ram_bytes         = arg_value(argc, argv, "--ram-bytes", -1);
  params.intensity         = arg_value(argc, argv, "--intensity", -1);
  params.working_set_bytes = arg_value(argc, argv, "--working-set-bytes", -1);
  params.bandwidth         = arg_value(argc, argv, "--bandwidth-bytes-per-second", -1);
  params.latency           = arg_value(argc, argv, "--latency-seconds", -1);
  params.migration_speed   = arg_value(argc, argv, "--migration-speed-bytes-per-second", -1);
  params.host_flops        = arg_value(argc, argv, "--host-flops", 1e9);
  max_rounds               = static_cast<long>(arg_value(argc, argv, "--max-rounds", 100000));

  sg_vm_live_migration_plugin_init();

  auto* zone = sg4::create_full_zone("zone0");
  sg4::Host* src = zone->create_host("src", params.host_flops);
  sg4::Host* dst = zone->create_host("dst", params.host_flops);
  sg4::Link* link = zone->create_link("link", params.bandwidth)->set_latency(params.latency)->seal();
  zone->add_route(src->get_netpoint(), dst->get_netpoint(), nullptr, nullptr, {sg4::LinkInRoute(link)}, true);
  zone->seal();

  sg4::Comm::on_send_cb([](sg4::Comm const& c) {
    std::string name = c.get_mailbox() ? c.get_mailbox()->get_name() : std::string("?");
    message_index[&c] = messages.size();
    messages.push_back({name, c.get_remaining(), sg4::Engine::get_clock()});
    if (name.rfind("__mbox_mig_src_dst:", 0) == 0 && messages.size() > 1) {
      if (++stage2_messages > max_rounds) {
        print_json(false, sg4::Engine::get_clock());
        std::_Exit(0);
      }
    }
  });
  sg4::Activity::on_completion_cb([](sg4::Activity const& a) {
    auto it = message_index.find(&a);
    if (it != message_index.end()) {
      messages[it->second].end = sg4::Engine::get_clock();
      message_index.erase(it);
    }
  });
  sg4::VirtualMachine::on_suspend_cb([](sg4::VirtualMachine const&) { suspended_at = sg4::Engine::get_clock(); });
  sg4::VirtualMachine::on_resume_cb([](sg4::VirtualMachine const&) { resumed_at = sg4::Engine::get_clock(); });

  sg4::Actor::create("issuer", src, [src, dst]() {
    auto* vm = src->create_vm("vm0", 1, static_cast<size_t>(params.ram_bytes));
    sg_vm_set_dirty_page_intensity(vm, params.intensity);
    sg_vm_set_working_set_memory(vm, static_cast<sg_size_t>(params.working_set_bytes));
    sg_vm_set_migration_speed(vm, params.migration_speed);
    vm->start();
    // An endless CPU-bound guest: 1e6 s of work at full speed (finite, so flops - remaining stays exact).
    sg4::ActorPtr worker =
        sg4::Actor::create("worker", vm, [] { sg4::this_actor::execute(params.host_flops * 1e6); });
    sg4::this_actor::sleep_for(1.0); // the guest runs for a while before the migration starts
    migration_start = sg4::Engine::get_clock();
    sg_vm_migrate(vm, dst);
    double end = sg4::Engine::get_clock();
    print_json(true, end);
    worker->kill();
    vm->destroy();
  });
  e.run();
  return 0;
}
