using System.Reflection;
using System.Runtime.Loader;

namespace Ocf.Plugins;

/// <summary>
/// One collectible load context per module. A module's private dependencies resolve from its own folder (so two
/// modules may carry different versions of one library), while the framework contract assembly — and anything the
/// host already shares — resolves to the copy already loaded, so plugin interfaces are the host's interfaces.
/// </summary>
internal sealed class OcfModuleLoadContext : AssemblyLoadContext
{
    private static readonly string ContractName = typeof(OcfModuleLoadContext).Assembly.GetName().Name!;
    private readonly AssemblyDependencyResolver _resolver;
    private readonly string _folder;

    public OcfModuleLoadContext(string moduleName, string mainAssemblyPath)
        : base($"ocf-module:{moduleName}", isCollectible: true)
    {
        _resolver = new AssemblyDependencyResolver(mainAssemblyPath);
        _folder = Path.GetDirectoryName(mainAssemblyPath)!;
    }

    protected override Assembly? Load(AssemblyName name)
    {
        // The shared contract is never loaded twice: a second copy would make every plugin interface a different type.
        if (string.Equals(name.Name, ContractName, StringComparison.OrdinalIgnoreCase)) return null;
        string? path = _resolver.ResolveAssemblyToPath(name);
        if (path is null)
        {
            string candidate = Path.Combine(_folder, name.Name + ".dll");
            if (File.Exists(candidate)) path = candidate;
        }
        // Not beside the module: fall back to the default context (the runtime, and the host's own assemblies).
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        string? path = _resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }
}
