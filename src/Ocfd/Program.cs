using Microsoft.Extensions.DependencyInjection;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Ocf.Communication;
using Ocf.Configuration;
using Ocf.Daemon;
using Ocf.Ipc;
using Ocf.Membership;
using Ocf.Node;
using Ocf.Plugins;

// ocfd --config <file> --node <name> [--plugin-path <dir>]... [--log-level <level>] [--socket <path>] [--api-group <group>] [--no-api] [--device-store <dir>]
// Prints one "EVENT ..." line per cluster event on stdout (stable, for scripts and tests) and logs to stderr.
// Serves the node's local API (XML-RPC over HTTP/1.1 on a Unix socket / named pipe; docs/local-api.md) through OcfNodeHost.
// SIGTERM / SIGINT (Ctrl-C) / SIGQUIT leave the cluster gracefully (peers see "left"), then exit 0.
var options = DaemonOptions.Parse(args);
if (options.Error is not null)
{
    Console.Error.WriteLine($"ocfd: {options.Error}");
    Console.Error.WriteLine(DaemonOptions.Usage);
    return 2;
}

using var loggerFactory = LoggerFactory.Create(b =>
{
    b.SetMinimumLevel(options.LogLevel);
    b.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; });
    // Logs go to stderr, so stdout carries only the EVENT lines.
    b.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
});
var log = loggerFactory.CreateLogger("ocfd");

var plugins = new OcfPluginManager(includeEnvironmentPath: true);
foreach (var dir in options.PluginPaths) plugins.AddSearchPath(dir);

uint? apiGid = null;
if (options.ApiGroup is { } group && !OperatingSystem.IsWindows())
{
    apiGid = OcfPeerCredentials.ResolveGroup(group);
    if (apiGid is null)
    {
        Console.Error.WriteLine($"ocfd: --api-group: no group named '{group}'");
        return 2;
    }
}

OcfNodeRuntime runtime;
OcfNodeHost host;
try
{
    var configuration = OcfClusterConfiguration.Read(options.ConfigPath!);
    runtime = OcfNodeRuntime.Create(configuration, options.Node!, plugins, log);
    host = new OcfNodeHost(runtime, new OcfNodeHostOptions
    {
        Endpoint = options.Socket,
        EnableApi = !options.NoApi,
        AllowedGroupId = apiGid,
        AllowedGroup = OperatingSystem.IsWindows() ? options.ApiGroup : null,
        DeviceStoreDirectory = options.DeviceStore,
        Plugins = plugins,
    }, log);
}
catch (OcfValidationException e)
{
    Console.Error.WriteLine($"ocfd: the configuration {options.ConfigPath} is not valid:");
    foreach (var p in e.Problems) Console.Error.WriteLine($"  {p}");
    return 3;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or OcfPluginException or Ocf.Encoding.OcfFormatException or OcfKeyFileException)
{
    Console.Error.WriteLine($"ocfd: {e.Message}");
    return 3;
}

var stop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.TrySetResult(); });
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.TrySetResult(); });
using var sigquit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, c => { c.Cancel = true; stop.TrySetResult(); });

var printer = Task.Run(async () =>
{
    await foreach (var e in runtime.Events.ReadAllAsync())
    {
        string? line = EventLine.Format(e);
        if (line is not null) Console.Out.WriteLine(line);
    }
});

// Leader changes are not cluster events of the runtime: the election reports them (one line each, stable format).
host.Election.LeaderChanged += c => Console.Out.WriteLine(
    $"EVENT leader view={c.ViewId} leader={(c.Current is { } l ? $"{l.Name}({l.NodeId})" : "none")}");

try
{
    host.Start();
}
catch (Exception e) when (e is InvalidOperationException or System.Net.Sockets.SocketException or IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"ocfd: cannot open the local API at {host.Endpoint}: {e.Message}");
    await host.DisposeAsync();
    return 4;
}
Console.Out.WriteLine($"EVENT started node={runtime.Local.Name} id={runtime.Local.NodeId} cluster={runtime.ClusterName} pid={Environment.ProcessId}");
if (host.Endpoint is { } endpoint) Console.Out.WriteLine($"EVENT api endpoint={endpoint} store={host.DeviceStoreDirectory}");
await stop.Task;
await host.StopAsync(graceful: true);
await printer;
Console.Out.WriteLine($"EVENT stopped node={runtime.Local.Name}");
return 0;
