using Ocf.Configuration;
using Ocf.Data;

namespace Ocf.Plugins;

/// <summary>
/// A self-configuring plugin that creates objects from a configuration alone (the paper's "instantiation of the object
/// from a valid configuration"). Callers go through <see cref="OcfInstantiation.Create{T}"/> or
/// <see cref="OcfPluginManager.Create{T}"/>, which validate first, so <see cref="Create"/> only ever sees a valid one.
/// </summary>
public interface IOcfInstantiable<out T> : IOcfSelfConfiguring where T : class
{
    /// <summary>Creates the object from a configuration already validated and normalised against <see cref="IOcfSelfConfiguring.Fields"/>
    /// (defaults applied, aliases resolved, values in their basic types).</summary>
    T Create(OcfMap configuration);
}

/// <summary>As <see cref="IOcfInstantiable{T}"/>, for objects that also need something from the host (a transport needs the node's clock and options).</summary>
public interface IOcfInstantiable<out T, in TContext> : IOcfSelfConfiguring where T : class
{
    /// <summary>Creates the object from a validated, normalised configuration and the host's context.</summary>
    T Create(OcfMap configuration, TContext context);
}

/// <summary>An object created from a configuration: it reads its configuration back with every secret redacted.</summary>
public interface IOcfConfigured
{
    IReadOnlyList<OcfField> Fields { get; }

    /// <summary>The normalised configuration with each secret field's value replaced by <see cref="OcfConfigurator.RedactedText"/>; plain data, safe to print or send.</summary>
    OcfMap RedactedConfiguration { get; }
}

/// <summary>
/// The result of instantiation: the created object with its fields and configuration. Disposing it disposes the object
/// (when it is disposable) and releases the plugin lease it holds, if it was created through the plugin manager.
/// </summary>
public sealed class OcfConfigured<T> : IOcfConfigured, IDisposable, IAsyncDisposable where T : class
{
    private readonly OcfMap _configuration;
    private IDisposable? _lease;
    private int _disposed;

    internal OcfConfigured(T instance, IReadOnlyList<OcfField> fields, OcfMap configuration, IDisposable? lease)
    {
        Instance = instance;
        Fields = fields;
        _configuration = configuration;
        _lease = lease;
    }

    public T Instance { get; }
    public IReadOnlyList<OcfField> Fields { get; }
    public OcfMap RedactedConfiguration => OcfConfigurator.Redact(Fields, _configuration);

    /// <summary>The normalised configuration, secrets included: for a secret store only; never print it.</summary>
    public OcfMap GetConfigurationWithSecrets() => _configuration;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            if (Instance is IDisposable d) d.Dispose();
            else if (Instance is IAsyncDisposable a) a.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        finally { Interlocked.Exchange(ref _lease, null)?.Dispose(); }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        try
        {
            if (Instance is IAsyncDisposable a) await a.DisposeAsync().ConfigureAwait(false);
            else if (Instance is IDisposable d) d.Dispose();
        }
        finally { Interlocked.Exchange(ref _lease, null)?.Dispose(); }
    }
}

/// <summary>Instantiation with validation first: a configuration with problems never reaches the plugin.</summary>
public static class OcfInstantiation
{
    /// <exception cref="OcfValidationException">The configuration has problems; <see cref="OcfValidationException.Problems"/> lists every one with its path (e.g. <c>ports[1].host</c>).</exception>
    public static OcfConfigured<T> Create<T>(IOcfInstantiable<T> plugin, OcfValue configuration) where T : class
    {
        ArgumentNullException.ThrowIfNull(plugin);
        var fields = plugin.Fields;
        var normalized = OcfConfigurator.Normalize(fields, configuration);
        return new OcfConfigured<T>(plugin.Create(normalized), fields, normalized, lease: null);
    }

    /// <inheritdoc cref="Create{T}(IOcfInstantiable{T}, OcfValue)"/>
    public static OcfConfigured<T> Create<T, TContext>(IOcfInstantiable<T, TContext> plugin, OcfValue configuration, TContext context) where T : class
    {
        ArgumentNullException.ThrowIfNull(plugin);
        var fields = plugin.Fields;
        var normalized = OcfConfigurator.Normalize(fields, configuration);
        return new OcfConfigured<T>(plugin.Create(normalized, context), fields, normalized, lease: null);
    }

    /// <summary>Wraps a created object with the lease of the plugin that made it (the manager's path).</summary>
    internal static OcfConfigured<T> Create<T>(OcfPluginLease<IOcfInstantiable<T>> lease, OcfValue configuration) where T : class
    {
        try
        {
            var fields = lease.Instance.Fields;
            var normalized = OcfConfigurator.Normalize(fields, configuration);
            return new OcfConfigured<T>(lease.Instance.Create(normalized), fields, normalized, lease);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }
}
