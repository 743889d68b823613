using System.Management.Automation;
using Ocf.Communication;
using Ocf.Membership;
using Ocf.Node;

namespace Ocf.PowerShell.Node;

/// <summary>Writes a cluster configuration document for N nodes (and, with -NewKey, its key file).</summary>
[Cmdlet(VerbsCommon.New, "OcfClusterConfiguration", SupportsShouldProcess = true)]
[OutputType(typeof(OcfClusterConfiguration))]
public sealed class NewOcfClusterConfigurationCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidatePattern("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    public string ClusterName { get; set; } = string.Empty;

    /// <summary>Node names, in node-id order (ids 1..N).</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateCount(1, 1024)]
    public string[] Node { get; set; } = [];

    /// <summary>One address per node (host or IP), or one address for all (a loopback test cluster).</summary>
    [Parameter]
    [ValidateCount(1, 1024)]
    public string[] Address { get; set; } = ["127.0.0.1"];

    /// <summary>One UDP port per node, or one port: with a single shared address each node then gets the next port.</summary>
    [Parameter]
    [ValidateRange(1, 65535)]
    public int[] Port { get; set; } = [5405];

    [Parameter]
    [ValidateRange(0.01, 60.0)]
    public double KeepaliveSec { get; set; } = 1.0;

    [Parameter]
    [ValidateRange(0.05, 600.0)]
    public double? DeadtimeSec { get; set; }

    [Parameter]
    public SwitchParameter TwoNode { get; set; }

    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The key file (default: &lt;configuration&gt;.key beside it).</summary>
    [Parameter]
    public string? KeyFile { get; set; }

    /// <summary>Also generate the key file (random, owner-only permissions).</summary>
    [Parameter]
    public SwitchParameter NewKey { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>The transport plugin's own settings, e.g. @{ receive_buffer = 8MB; ttl = 1 }.</summary>
    [Parameter]
    public System.Collections.IDictionary? TransportOption { get; set; }

    /// <summary>Unacknowledged datagrams a sender may have in flight (flow control).</summary>
    [Parameter]
    [ValidateRange(16, 65536)]
    public int? SendWindow { get; set; }

    protected override void ProcessRecord()
    {
        string path = GetUnresolvedProviderPathFromPSPath(Path);
        string key = KeyFile is null ? path + ".key" : GetUnresolvedProviderPathFromPSPath(KeyFile);
        if (Port.Length != 1 && Port.Length != Node.Length)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Port takes one port or one per node ({Node.Length})."), "PortCountMismatch", ErrorCategory.InvalidArgument, Port));
            return;
        }
        if (Address.Length != 1 && Address.Length != Node.Length)
        {
            ThrowTerminatingError(new ErrorRecord(new ArgumentException($"-Address takes one address for all nodes or one per node ({Node.Length})."), "AddressCountMismatch", ErrorCategory.InvalidArgument, Address));
            return;
        }
        var nodes = Node.Select((name, i) =>
        {
            string host = Address.Length == 1 ? Address[0] : Address[i];
            int port = Port.Length == Node.Length ? Port[i] : Address.Length == 1 ? Port[0] + i : Port[0];
            string hostPart = host.Contains(':') ? $"[{host}]" : host;
            return new OcfNodeDefinition((uint)(i + 1), name) { Addresses = [$"{hostPart}:{port}"] };
        }).ToArray();
        var configuration = new OcfClusterConfiguration
        {
            ClusterName = ClusterName,
            Nodes = nodes,
            Keepalive = TimeSpan.FromSeconds(KeepaliveSec),
            Deadtime = DeadtimeSec is { } d ? TimeSpan.FromSeconds(d) : null,
            AuthKey = key,
            Quorum = new OcfQuorumPolicy { Mode = TwoNode ? OcfQuorumMode.TwoNode : OcfQuorumMode.Majority },
            TransportOptions = TransportOption is null ? Ocf.Data.OcfMap.Empty : (Ocf.Data.OcfMap)Ocf.Data.OcfValueConverter.FromObject(TransportOption, new Ocf.Data.OcfConversionOptions { Adapter = Ocf.PowerShell.Data.PSObjectAdapter.Instance }),
            SendWindow = SendWindow,
        };
        if (File.Exists(path) && !Force)
        {
            WriteError(new ErrorRecord(new IOException($"{path} exists; use -Force to replace it."), "ConfigurationExists", ErrorCategory.ResourceExists, path));
            return;
        }
        if (!ShouldProcess(path, $"Write the configuration of cluster {ClusterName} ({Node.Length} nodes)")) return;
        // Validate what we are about to write exactly as a reader will.
        var checkedConfig = OcfClusterConfiguration.FromValue(configuration.ToValue(), System.IO.Path.GetDirectoryName(path));
        configuration.Write(path);
        if (NewKey && (!File.Exists(key) || Force) && ShouldProcess(key, "Generate a new cluster key (owner-only permissions)"))
        {
            if (File.Exists(key)) File.Delete(key);
            OcfKeyFile.Generate(key);
        }
        WriteObject(checkedConfig with { SourcePath = path });
    }
}

/// <summary>Writes a new random cluster key file readable only by its owner.</summary>
[Cmdlet(VerbsCommon.New, "OcfClusterKey", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class NewOcfClusterKeyCommand : PSCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>The key id (1-255); a new id lets nodes roll to a new key without downtime.</summary>
    [Parameter]
    [ValidateRange(1, 255)]
    public int KeyId { get; set; } = 1;

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        string path = GetUnresolvedProviderPathFromPSPath(Path);
        if (File.Exists(path) && !Force)
        {
            WriteError(new ErrorRecord(new IOException($"{path} exists; use -Force to replace it."), "KeyFileExists", ErrorCategory.ResourceExists, path));
            return;
        }
        if (!ShouldProcess(path, "Generate a new cluster key")) return;
        if (File.Exists(path)) File.Delete(path);
        OcfKeyFile.Generate(path, (byte)KeyId);
        WriteObject(new FileInfo(path));
    }
}
