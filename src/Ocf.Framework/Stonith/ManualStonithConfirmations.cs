namespace Ocf.Stonith;

/// <summary>
/// The request/confirmation files of the manual plugin: <c>&lt;host&gt;.request</c> holds the requested action;
/// an operator's confirmation replaces it with <c>&lt;host&gt;.state</c> holding "on" or "off".
/// </summary>
public static class ManualStonithConfirmations
{
    public static string DefaultDirectory => Path.Combine(Path.GetTempPath(), "ocf-manual-stonith");

    public static void Request(string directory, string host, OcfStonithAction action)
    {
        Directory.CreateDirectory(directory);
        File.Delete(StatePath(directory, host));
        File.WriteAllText(RequestPath(directory, host), action.ToString().ToLowerInvariant());
    }

    /// <summary>What the operator confirmed; On when nothing was ever requested (the node is assumed running), Unknown while a request waits.</summary>
    public static OcfPowerState ConfirmedState(string directory, string host)
    {
        string state = StatePath(directory, host);
        if (File.Exists(state)) return File.ReadAllText(state).Trim() == "off" ? OcfPowerState.Off : OcfPowerState.On;
        return File.Exists(RequestPath(directory, host)) ? OcfPowerState.Unknown : OcfPowerState.On;
    }

    /// <summary>The operator's confirmation: the pending request for the host was carried out. Returns the action confirmed.</summary>
    public static string Confirm(string directory, string host)
    {
        string request = RequestPath(directory, host);
        if (!File.Exists(request)) throw new InvalidOperationException($"There is no pending manual STONITH request for {host} in {directory}.");
        string action = File.ReadAllText(request).Trim();
        File.WriteAllText(StatePath(directory, host), action == "off" ? "off" : "on");
        File.Delete(request);
        return action;
    }

    public static IEnumerable<(string Host, string Action)> Pending(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.request").Select(f => (Path.GetFileNameWithoutExtension(f), File.ReadAllText(f).Trim()))
            : [];

    private static string RequestPath(string directory, string host) => Path.Combine(directory, Sanitize(host) + ".request");
    private static string StatePath(string directory, string host) => Path.Combine(directory, Sanitize(host) + ".state");

    private static string Sanitize(string host) =>
        string.Concat(host.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_'));
}
