using Ocf.ClusterBenchmarks;

// dotnet run -c Release --project bench/Ocf.ClusterBenchmarks -- <command> [options]
//   rtt                1 KiB round trip (A broadcasts, B echoes) between 2 and 3 in-process nodes over UDP on 127.0.0.1;
//                      plus the 1-node local delivery (no network) for reference
//   throughput         1 KiB messages/s delivered at every receiver, 1, 2 and 3 nodes in one process over UDP loopback
//   detect             3 ocfd processes, SIGKILL one → survivors' new view, 20 kills; then a CPU-loaded soak (--soak-minutes)
//   soak               the soak alone: 3 ocfd processes, both cores busy-looped, false "dead" declarations counted
//   heartbeat-traffic  idle-cluster heartbeat traffic, in-process simulation (InMemoryDatagramNetwork, fake time), 2–64 nodes
//   rpc                node-to-node XML-RPC round trip (OcfClusterRpc.CallAsync, and CallAllAsync on 3 nodes) between in-process
//                      node runtimes over UDP on 127.0.0.1; plus the in-process dispatcher alone for reference
//   election           3 in-process node runtimes over UDP loopback: kill the leader → new view → new leader, N kills
//   local-api          the local API round trip (ocfd's Unix socket) from .NET and Python, beside a bare Unix-socket echo floor
//   groups             process groups (agreed order): 1 KiB throughput and round trip on 1 and 3 nodes over UDP loopback
//   costs              where a message's time goes: pipeline Seal/Open per datagram, raw .NET UDP round trip and blast
//   machine            the machine facts printed before every run
// Common options: --runs N, --duration S, --warmup S, --keepalive S, --deadtime S, --json FILE (append one JSON line per result)
if (args is ["echo-server", var echoPath]) return LocalApiBenchmark.EchoServer(echoPath);   // the local-api floor's child process
var cli = Cli.Parse(args);
if (cli.Command is null or "help" or "--help" or "-h")
{
    Console.WriteLine(Cli.Usage);
    return cli.Command is null ? 2 : 0;
}

Console.CancelKeyPress += (_, _) => ChildProcesses.KillAll();
AppDomain.CurrentDomain.ProcessExit += (_, _) => ChildProcesses.KillAll();
Report.Machine();
try
{
    switch (cli.Command)
    {
        case "machine": break;
        case "rtt": RoundTripBenchmark.Run(cli); break;
        case "throughput": ThroughputBenchmark.Run(cli); break;
        case "detect": DetectBenchmark.Run(cli, kills: true, soak: cli.Double("soak-minutes", 2) > 0); break;
        case "soak": DetectBenchmark.Run(cli, kills: false, soak: true); break;
        case "heartbeat-traffic": HeartbeatTrafficBenchmark.Run(cli); break;
        case "costs": CostsBenchmark.Run(cli); break;
        case "rpc": RpcBenchmark.Run(cli); break;
        case "election": ElectionBenchmark.Run(cli); break;
        case "local-api": LocalApiBenchmark.Run(cli); break;
        case "groups": GroupBenchmark.Run(cli); break;
        default:
            Console.Error.WriteLine($"unknown command '{cli.Command}'");
            Console.Error.WriteLine(Cli.Usage);
            return 2;
    }
}
finally
{
    // Every process this run started (ocfd daemons, CPU hogs) is killed here even when a benchmark throws.
    ChildProcesses.KillAll();
}
Report.Load("end");
return 0;
