using System.Diagnostics;
using System.Text.RegularExpressions;
using Ocf.Plugins;

namespace Ocf.Plugins.External;

/// <summary>Where an <see cref="ExternalAgentCatalog"/> looks, and how patiently.</summary>
public sealed record ExternalAgentCatalogOptions
{
    /// <summary>The variable that adds fence-agent directories (separated by <see cref="Path.PathSeparator"/>), searched before the defaults.</summary>
    public const string FenceAgentPathVariable = "OCF_FENCE_AGENT_PATH";
    public const string OcfRootVariable = "OCF_ROOT";
    public const string DefaultOcfRoot = "/usr/lib/ocf";
    public static readonly IReadOnlyList<string> DefaultFenceAgentDirectories = ["/usr/sbin", "/usr/local/sbin"];

    /// <summary>Searched in order; when two directories hold an agent of the same name, the first one wins.</summary>
    public IReadOnlyList<string> FenceAgentDirectories { get; init; } = DefaultFenceAgentDirectories;
    /// <summary>The OCF root; resource agents are <c>&lt;root&gt;/resource.d/&lt;provider&gt;/&lt;agent&gt;</c>. Null: no resource agents.</summary>
    public string? OcfRoot { get; init; } = DefaultOcfRoot;
    public bool IncludeFenceAgents { get; init; } = true;
    public bool IncludeResourceAgents { get; init; } = true;
    /// <summary>How long one agent may take to print its metadata before its process tree is killed.</summary>
    public TimeSpan AgentTimeout { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>How many agents are asked at once by the parallel import.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary>The defaults, with <c>OCF_FENCE_AGENT_PATH</c> directories first and <c>OCF_ROOT</c> if set.</summary>
    public static ExternalAgentCatalogOptions FromEnvironment()
    {
        var dirs = new List<string>();
        if (Environment.GetEnvironmentVariable(FenceAgentPathVariable) is { Length: > 0 } extra)
            dirs.AddRange(extra.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        dirs.AddRange(DefaultFenceAgentDirectories);
        return new ExternalAgentCatalogOptions
        {
            FenceAgentDirectories = dirs,
            OcfRoot = Environment.GetEnvironmentVariable(OcfRootVariable) is { Length: > 0 } root ? root : DefaultOcfRoot,
        };
    }
}

/// <summary>An agent that was found but could not be imported, and why. The catalog records these instead of throwing.</summary>
public sealed record ExternalAgentFailure(string PluginType, string Name, string Path, string Reason, int? ExitCode = null, string? StandardError = null)
{
    public override string ToString() => $"{Name} ({Path}): {Reason}";
}

/// <summary>An executable that looks like an agent, before it has been asked for its metadata.</summary>
/// <param name="Provider">The OCF provider of a resource agent; null for fence agents.</param>
public sealed record ExternalAgentCandidate(string PluginType, string Name, string Path, string? Provider = null);

/// <summary>One complete import: what was found, what failed, and how long it took.</summary>
public sealed record ExternalAgentImport(
    IReadOnlyList<OcfCatalogEntry> Entries,
    IReadOnlyList<ExternalAgentFailure> Failures,
    TimeSpan Duration,
    int DegreeOfParallelism);

/// <summary>
/// The "external-agents" catalog: every installed fence agent (plugin type "stonith", named after the executable,
/// e.g. fence_ipmilan) and OCF resource agent (type "resource", named "ocf:provider:agent"), each with its own
/// metadata imported as fields. <see cref="OcfCatalogEntry.Details"/> holds the full
/// <see cref="FenceAgentDescription"/> or <see cref="ResourceAgentDescription"/>.
/// <para>Agents are asked in parallel (bounded by <see cref="ExternalAgentCatalogOptions.MaxDegreeOfParallelism"/>),
/// each with its own timeout. An agent that fails to answer, answers with an error, times out or prints metadata that
/// does not import is listed in <see cref="Failures"/> with the reason; enumeration never throws for one bad agent.
/// fence_ack_manual (a manual-override tool, not an agent) is skipped. On Windows nothing is found.</para>
/// <para><see cref="Enumerate"/> imports once per catalog instance and caches; <see cref="ImportSequential"/> and
/// <see cref="ImportParallel"/> always import afresh (for benchmarks) and do not touch the cache.</para>
/// </summary>
public sealed class ExternalAgentCatalog : IOcfPluginCatalog
{
    private static readonly Regex FenceAgentName = new(@"^fence_[A-Za-z0-9_-]+$", RegexOptions.CultureInvariant);
    private static readonly string[] NotAgents = ["fence_ack_manual"];

    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile ExternalAgentImport? _cached;

    /// <summary>The plugin host's constructor: options from the environment (<see cref="ExternalAgentCatalogOptions.FromEnvironment"/>).</summary>
    public ExternalAgentCatalog() : this(ExternalAgentCatalogOptions.FromEnvironment()) { }

    public ExternalAgentCatalog(ExternalAgentCatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.MaxDegreeOfParallelism < 1) throw new ArgumentOutOfRangeException(nameof(options), "MaxDegreeOfParallelism must be at least 1.");
        Options = options;
    }

    public ExternalAgentCatalogOptions Options { get; }

    /// <summary>Every importable agent (cached after the first call; the import is parallel).</summary>
    public IReadOnlyList<OcfCatalogEntry> Enumerate(CancellationToken cancellationToken = default) => GetImport(cancellationToken).Entries;

    /// <summary>
    /// One agent by type and name, importing only that agent (its metadata run) unless the full listing is cached:
    /// creating a device for fence_ipmilan must not wait for 224 agents.
    /// </summary>
    public OcfCatalogEntry? Find(string pluginType, string name, CancellationToken cancellationToken = default)
    {
        if (_cached is { } done)
            return done.Entries.FirstOrDefault(e => string.Equals(e.PluginType, pluginType, StringComparison.OrdinalIgnoreCase) && string.Equals(e.Name, name, StringComparison.Ordinal));
        if (_single.TryGetValue((pluginType.ToLowerInvariant(), name), out var known)) return known;
        var candidate = FindCandidate(pluginType, name);
        if (candidate is null) return null;
        var (entry, _) = ImportOneAsync(candidate, cancellationToken).GetAwaiter().GetResult();
        if (entry is not null) _single[(pluginType.ToLowerInvariant(), name)] = entry;
        return entry;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Type, string Name), OcfCatalogEntry> _single = new();

    private static readonly string[] ProvidedTypes = [OcfPluginTypes.Stonith, OcfPluginTypes.Resource];

    /// <summary>Fence agents are stonith plugins and resource agents resource plugins; nothing else.</summary>
    public IReadOnlyCollection<string>? PluginTypes => ProvidedTypes;

    /// <summary>Whether the full listing was imported (and is cached); lookups by name do not import it.</summary>
    public bool IsListingCached => _cached is not null;

    /// <summary>The one candidate named <paramref name="name"/> of <paramref name="pluginType"/>, found without listing directories.</summary>
    public ExternalAgentCandidate? FindCandidate(string pluginType, string name)
    {
        if (OperatingSystem.IsWindows()) return null;
        if (string.Equals(pluginType, OcfPluginTypes.Stonith, StringComparison.OrdinalIgnoreCase))
        {
            if (!Options.IncludeFenceAgents || !FenceAgentName.IsMatch(name) || NotAgents.Contains(name)) return null;
            foreach (var dir in Options.FenceAgentDirectories)
            {
                string path = Path.Combine(dir, name);
                if (IsExecutableFile(path)) return new ExternalAgentCandidate(OcfPluginTypes.Stonith, name, path);
            }
            return null;
        }
        if (string.Equals(pluginType, OcfPluginTypes.Resource, StringComparison.OrdinalIgnoreCase))
        {
            // ocf:<provider>:<agent>, each part a plain file name (no path tricks).
            var parts = name.Split(':');
            if (!Options.IncludeResourceAgents || Options.OcfRoot is not { } root || parts.Length != 3 || parts[0] != "ocf") return null;
            if (parts[1].Length == 0 || parts[2].Length == 0 || parts[1].StartsWith('.') || parts[2].StartsWith('.')
                || parts[1].IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || parts[2].IndexOfAny(Path.GetInvalidFileNameChars()) >= 0) return null;
            string path = Path.Combine(root, "resource.d", parts[1], parts[2]);
            return IsExecutableFile(path) ? new ExternalAgentCandidate(OcfPluginTypes.Resource, name, path, parts[1]) : null;
        }
        return null;
    }

    /// <summary>The agents that were found but failed, from the cached import (importing first if needed).</summary>
    public IReadOnlyList<ExternalAgentFailure> Failures => GetImport().Failures;

    /// <summary>The cached import, importing in parallel on first use. Concurrent callers share one import; a cancelled import is not cached.</summary>
    public ExternalAgentImport GetImport(CancellationToken cancellationToken = default)
    {
        if (_cached is { } done) return done;
        _gate.Wait(cancellationToken);
        try
        {
            return _cached ??= ImportParallelAsync(Options.MaxDegreeOfParallelism, cancellationToken).GetAwaiter().GetResult();
        }
        finally { _gate.Release(); }
    }

    /// <summary>Forgets the cached import, so the next <see cref="Enumerate"/> looks again (after agents were installed, say).</summary>
    public void Refresh()
    {
        _cached = null;
        _single.Clear();
    }

    /// <summary>A fresh import, one agent at a time (the baseline for the parallel import). Not cached.</summary>
    public ExternalAgentImport ImportSequential(CancellationToken cancellationToken = default) =>
        ImportSequentialAsync(cancellationToken).GetAwaiter().GetResult();

    /// <summary>A fresh import with up to <paramref name="maxDegreeOfParallelism"/> agents at once (default: the options'). Not cached.</summary>
    public ExternalAgentImport ImportParallel(int? maxDegreeOfParallelism = null, CancellationToken cancellationToken = default) =>
        ImportParallelAsync(maxDegreeOfParallelism ?? Options.MaxDegreeOfParallelism, cancellationToken).GetAwaiter().GetResult();

    public async Task<ExternalAgentImport> ImportSequentialAsync(CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var candidates = FindCandidates();
        var results = new (OcfCatalogEntry?, ExternalAgentFailure?)[candidates.Count];
        for (int i = 0; i < candidates.Count; i++)
            results[i] = await ImportOneAsync(candidates[i], cancellationToken).ConfigureAwait(false);
        return Collect(results, clock.Elapsed, 1);
    }

    public async Task<ExternalAgentImport> ImportParallelAsync(int maxDegreeOfParallelism, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDegreeOfParallelism, 1);
        var clock = Stopwatch.StartNew();
        var candidates = FindCandidates();
        var results = new (OcfCatalogEntry?, ExternalAgentFailure?)[candidates.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, candidates.Count),
            new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await ImportOneAsync(candidates[i], ct).ConfigureAwait(false)).ConfigureAwait(false);
        return Collect(results, clock.Elapsed, maxDegreeOfParallelism);
    }

    private static ExternalAgentImport Collect((OcfCatalogEntry? Entry, ExternalAgentFailure? Failure)[] results, TimeSpan duration, int degree) =>
        new(results.Select(r => r.Entry).OfType<OcfCatalogEntry>().ToArray(),
            results.Select(r => r.Failure).OfType<ExternalAgentFailure>().ToArray(),
            duration, degree);

    // ------------------------------------------------------------------ discovery

    /// <summary>Every agent executable the options point at: fence agents first (by name), then resource agents (by provider, agent).</summary>
    public IReadOnlyList<ExternalAgentCandidate> FindCandidates()
    {
        var list = new List<ExternalAgentCandidate>();
        if (OperatingSystem.IsWindows()) return list; // neither kind of agent exists there
        if (Options.IncludeFenceAgents) list.AddRange(FindFenceAgents(Options.FenceAgentDirectories));
        if (Options.IncludeResourceAgents && Options.OcfRoot is { } root) list.AddRange(FindResourceAgents(root));
        return list;
    }

    /// <summary>Executable files named fence_* in <paramref name="directories"/> (first directory wins a name), minus fence_ack_manual.</summary>
    public static IReadOnlyList<ExternalAgentCandidate> FindFenceAgents(IEnumerable<string> directories)
    {
        var byName = new Dictionary<string, ExternalAgentCandidate>(StringComparer.Ordinal);
        if (OperatingSystem.IsWindows()) return [];
        foreach (var dir in directories)
        {
            foreach (var path in SafeFiles(dir, "fence_*"))
            {
                string name = Path.GetFileName(path);
                if (!FenceAgentName.IsMatch(name) || NotAgents.Contains(name) || byName.ContainsKey(name) || !IsExecutableFile(path)) continue;
                byName[name] = new ExternalAgentCandidate(OcfPluginTypes.Stonith, name, path);
            }
        }
        return byName.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ToArray();
    }

    /// <summary>Executable files <c>&lt;ocfRoot&gt;/resource.d/&lt;provider&gt;/&lt;agent&gt;</c> (dot files, such as the .ocf-shellfuncs links, excluded).</summary>
    public static IReadOnlyList<ExternalAgentCandidate> FindResourceAgents(string ocfRoot)
    {
        if (OperatingSystem.IsWindows()) return [];
        string resourceDir = Path.Combine(ocfRoot, "resource.d");
        var list = new List<ExternalAgentCandidate>();
        string[] providers;
        try { providers = Directory.Exists(resourceDir) ? Directory.GetDirectories(resourceDir) : []; }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { providers = []; }
        foreach (var providerDir in providers.OrderBy(p => p, StringComparer.Ordinal))
        {
            string provider = Path.GetFileName(providerDir);
            if (provider.StartsWith('.')) continue;
            foreach (var path in SafeFiles(providerDir, "*"))
            {
                string agent = Path.GetFileName(path);
                if (agent.StartsWith('.') || !IsExecutableFile(path)) continue;
                list.Add(new ExternalAgentCandidate(OcfPluginTypes.Resource, $"ocf:{provider}:{agent}", path, provider));
            }
        }
        return list;
    }

    private static IEnumerable<string> SafeFiles(string dir, string pattern)
    {
        try
        {
            return Directory.Exists(dir) ? Directory.GetFiles(dir, pattern).OrderBy(p => p, StringComparer.Ordinal).ToArray() : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return []; }
    }

    private static bool IsExecutableFile(string path)
    {
        if (OperatingSystem.IsWindows()) return false;
        try
        {
            var info = new FileInfo(path);
            if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is not FileInfo { Exists: true } target) return false;
            if (!info.Exists) return false;
            const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            return (File.GetUnixFileMode(path) & anyExecute) != 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return false; }
    }

    // ------------------------------------------------------------------ import

    private async Task<(OcfCatalogEntry?, ExternalAgentFailure?)> ImportOneAsync(ExternalAgentCandidate c, CancellationToken ct)
    {
        try
        {
            return await ImportOneCoreAsync(c, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // One agent must never break the listing of the others.
            return (null, new ExternalAgentFailure(c.PluginType, c.Name, c.Path, $"{e.GetType().Name}: {e.Message}"));
        }
    }

    private async Task<(OcfCatalogEntry?, ExternalAgentFailure?)> ImportOneCoreAsync(ExternalAgentCandidate c, CancellationToken ct)
    {
        bool fence = c.PluginType == OcfPluginTypes.Stonith;
        string[] args = fence ? ["-o", "metadata"] : ["meta-data"];
        string asked = fence ? "-o metadata" : "meta-data";
        IReadOnlyDictionary<string, string?>? env = fence || Options.OcfRoot is null ? null
            : new Dictionary<string, string?> { [ExternalAgentCatalogOptions.OcfRootVariable] = Options.OcfRoot };

        AgentRunResult run;
        try
        {
            run = await AgentRunner.RunAsync(c.Path, args, standardInput: null, env, Options.AgentTimeout, ct).ConfigureAwait(false);
        }
        catch (AgentStartException e)
        {
            return (null, new ExternalAgentFailure(c.PluginType, c.Name, c.Path, e.Message));
        }

        if (run.TimedOut)
            return (null, Failure(c, run, $"no answer to '{asked}' within {Options.AgentTimeout.TotalSeconds:0.###} s; its process tree was killed"));
        if (run.ExitCode != 0)
            return (null, Failure(c, run, $"'{asked}' exited with code {run.ExitCode}"));
        if (string.IsNullOrWhiteSpace(run.StandardOutput))
            return (null, Failure(c, run, $"'{asked}' printed nothing"));

        try
        {
            if (fence)
            {
                var d = FenceAgentMetadata.Parse(run.StandardOutput, c.Name);
                var plugin = new FenceAgentStonithPlugin(c.Path, d);
                return (new OcfCatalogEntry(c.PluginType, c.Name, c.Path, d.ShortDescription, plugin.Fields, null, d) { Plugin = plugin, Actions = d.PluginActions }, null);
            }
            string agent = c.Name[(c.Name.LastIndexOf(':') + 1)..];
            var r = ResourceAgentMetadata.Parse(run.StandardOutput, agent, c.Provider);
            var resource = new ResourceAgentPlugin(c.Path, r, Options.OcfRoot!);
            return (new OcfCatalogEntry(c.PluginType, c.Name, c.Path, r.ShortDescription, resource.Fields, r.Version, r) { Plugin = resource, Actions = resource.Actions }, null);
        }
        catch (AgentMetadataException e)
        {
            return (null, Failure(c, run, e.Message));
        }
    }

    private static ExternalAgentFailure Failure(ExternalAgentCandidate c, AgentRunResult run, string reason)
    {
        string err = run.StandardError.Trim();
        if (err.Length > 2000) err = err[^2000..];
        return new ExternalAgentFailure(c.PluginType, c.Name, c.Path, reason, run.ExitCode, err.Length == 0 ? null : err);
    }
}
