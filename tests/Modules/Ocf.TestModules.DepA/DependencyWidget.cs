using System.Runtime.Loader;
using Ocf.Configuration;
using Ocf.Data;
using Ocf.Plugins;
using Ocf.TestModules.DepA;

[assembly: OcfModule("Ocf.TestModules.DepA", Description = "Test module: a widget reporting the Ocf.TestDependency version it sees.")]
[assembly: OcfExport("widget", "dep-a", typeof(DependencyWidget), Description = "Reports its private dependency's version in its field metadata.")]

namespace Ocf.TestModules.DepA;

/// <summary>
/// Field "dependency_version" defaults to what Ocf.TestDependency reports at run time; its short text is that
/// assembly's version and its long text the name of the load context the dependency was loaded into.
/// </summary>
public sealed class DependencyWidget : IOcfSelfConfiguring
{
    public IReadOnlyList<OcfField> Fields { get; } = new OcfField[]
    {
        new()
        {
            FieldName = "dependency_version",
            Default = new OcfString(Ocf.TestDependency.Dependency.Version),
            ShortText = typeof(Ocf.TestDependency.Dependency).Assembly.GetName().Version?.ToString(),
            LongText = AssemblyLoadContext.GetLoadContext(typeof(Ocf.TestDependency.Dependency).Assembly)?.Name,
        },
    };
}
