using Ocf.Encoding;
using Ocf.Plugins;
using Xunit;
using static Ocf.Tests.Plugins.TestModules;

namespace Ocf.Tests.Plugins;

/// <summary>Tests that set process environment variables run alone: xunit runs every other test class in parallel.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class EnvironmentVariableCollection
{
    public const string Name = "Process environment variables";
}

[Collection(EnvironmentVariableCollection.Name)]
public class PluginPathEnvironmentTests
{
    [Fact]
    public void OCF_PLUGIN_PATH_is_split_trimmed_and_searched()
    {
        using var first = new PluginFolder().With(Orphan);
        using var second = new PluginFolder().With(WidgetHandler);
        string sep = Path.PathSeparator.ToString();
        string? saved = Environment.GetEnvironmentVariable(OcfPluginManager.PluginPathVariable);
        OcfPluginManager withPath, withoutPath;
        try
        {
            Environment.SetEnvironmentVariable(OcfPluginManager.PluginPathVariable, $"{sep}{first.Path}{sep}  {sep} {second.Path} {sep}{first.Path}{sep}");
            withPath = new OcfPluginManager(new OcfCodecRegistry(), includeEnvironmentPath: true);
            withoutPath = new OcfPluginManager(new OcfCodecRegistry());
        }
        finally
        {
            Environment.SetEnvironmentVariable(OcfPluginManager.PluginPathVariable, saved);
        }

        // Empty entries dropped, blanks trimmed, duplicates kept once, order kept.
        Assert.Equal(new[] { first.Path, second.Path }, withPath.SearchPaths);
        Assert.Equal(new[] { Orphan, WidgetHandler }, withPath.Discover().Select(m => m.Name).Order(StringComparer.Ordinal));
        Assert.Contains(Widget, withPath.KnownPluginTypes);

        // The variable is read only when asked for (tests and embedders get a manager of their own).
        Assert.Empty(withoutPath.SearchPaths);
        Assert.Empty(withoutPath.Discover());
    }

    [Fact]
    public void An_unset_OCF_PLUGIN_PATH_adds_no_search_path()
    {
        string? saved = Environment.GetEnvironmentVariable(OcfPluginManager.PluginPathVariable);
        OcfPluginManager manager;
        try
        {
            Environment.SetEnvironmentVariable(OcfPluginManager.PluginPathVariable, null);
            manager = new OcfPluginManager(new OcfCodecRegistry(), includeEnvironmentPath: true);
        }
        finally
        {
            Environment.SetEnvironmentVariable(OcfPluginManager.PluginPathVariable, saved);
        }
        Assert.Empty(manager.SearchPaths);
        Assert.Empty(manager.Discover());
        Assert.Equal(new OcfPluginManager(new OcfCodecRegistry()).KnownPluginTypes, manager.KnownPluginTypes);
    }
}
