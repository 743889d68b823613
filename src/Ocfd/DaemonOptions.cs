using Microsoft.Extensions.Logging;

namespace Ocf.Daemon;

/// <summary>ocfd's command line.</summary>
internal sealed class DaemonOptions
{
    public const string Usage = "usage: ocfd --config <file> --node <name|id> [--plugin-path <dir>]... [--log-level trace|debug|information|warning|error]\n"
        + "            [--socket <path|pipe name>] [--api-group <name|gid>] [--no-api] [--device-store <dir>]";

    public string? ConfigPath { get; private set; }
    public string? Node { get; private set; }
    public List<string> PluginPaths { get; } = new();
    public LogLevel LogLevel { get; private set; } = LogLevel.Information;
    public string? Error { get; private set; }
    /// <summary>The local API endpoint; null: the per-node default (OcfIpcServerOptions.DefaultEndpoint).</summary>
    public string? Socket { get; private set; }
    /// <summary>The group allowed to use the local API besides root and the daemon's user (a name or a gid; on Windows a group name or SID).</summary>
    public string? ApiGroup { get; private set; }
    public bool NoApi { get; private set; }
    /// <summary>Where ocf.stonith.* finds saved devices; null: the default device store of the daemon's user.</summary>
    public string? DeviceStore { get; private set; }

    public static DaemonOptions Parse(string[] args)
    {
        var o = new DaemonOptions();
        for (int i = 0; i < args.Length; i++)
        {
            string? Next() => i + 1 < args.Length ? args[++i] : null;
            switch (args[i])
            {
                case "--config" or "-c": o.ConfigPath = Next(); break;
                case "--node" or "-n": o.Node = Next(); break;
                case "--plugin-path" or "-p": if (Next() is { } p) o.PluginPaths.Add(p); break;
                case "--log-level":
                    if (!Enum.TryParse<LogLevel>(Next(), ignoreCase: true, out var level)) { o.Error = "--log-level needs trace, debug, information, warning or error"; return o; }
                    o.LogLevel = level;
                    break;
                case "--socket" or "-s": o.Socket = Next(); if (string.IsNullOrWhiteSpace(o.Socket)) { o.Error = "--socket needs a path (or a pipe name on Windows)"; return o; } break;
                case "--api-group": o.ApiGroup = Next(); if (string.IsNullOrWhiteSpace(o.ApiGroup)) { o.Error = "--api-group needs a group name or id"; return o; } break;
                case "--no-api": o.NoApi = true; break;
                case "--device-store": o.DeviceStore = Next(); if (string.IsNullOrWhiteSpace(o.DeviceStore)) { o.Error = "--device-store needs a directory"; return o; } break;
                case "--help" or "-h": o.Error = "help"; return o;
                default: o.Error = $"unknown argument '{args[i]}'"; return o;
            }
        }
        if (o.ConfigPath is null) o.Error = "--config is required";
        else if (o.Node is null) o.Error = "--node is required";
        // The module layout: <module>/ocfd/ocfd.dll beside <module>/plugins.
        string beside = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "plugins"));
        if (Directory.Exists(beside)) o.PluginPaths.Insert(0, beside);
        return o;
    }
}
