namespace Ocf.Tests.Stonith.PowerSwitch.Simulators;

/// <summary>Runs cluster-glue's <c>stonith</c> command (the unmodified C plugins in /usr/lib/stonith/plugins/stonith2).</summary>
public static class ClusterGlue
{
    /// <summary>Exit codes of stonith(8): S_OK 0, S_BADHOST 4, ...</summary>
    public const int Ok = 0;

    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary><c>stonith -d -t &lt;type&gt; name=value... &lt;options&gt;</c>; -d sends the plugin's debug log to stderr.</summary>
    public static Task<ProcessResult> StonithAsync(string type, IEnumerable<string> parameters, params string[] options) =>
        ChildProcess.RunAsync("stonith", ["-d", "-t", type, .. parameters, .. options], Limit);

    /// <summary>The same, inside a network namespace (for plugins that only speak to port 23).</summary>
    public static Task<ProcessResult> StonithAsync(Port23Namespace ns, string type, IEnumerable<string> parameters, params string[] options) =>
        ns.RunAsync(Limit, ["stonith", "-d", "-t", type, .. parameters, .. options]);
}
