namespace Ocf.TestDependency;

/// <summary>Version 2 of the shared-name dependency.</summary>
public static class Dependency
{
    // A property, not a const: a const would be compiled into the caller and prove nothing about which copy is loaded.
    public static string Version => "2.0.0";
}
