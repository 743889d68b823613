using System.Collections.Immutable;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Ocf.Plugins;

/// <summary>What a module file declares, read from metadata only.</summary>
public sealed record OcfModuleManifest(
    string Name,
    string Path,
    Version AssemblyVersion,
    string? Description,
    IReadOnlyList<OcfExportManifest> Exports);

/// <summary>One declared export, as read from metadata (the implementation is a type name, not a loaded type).</summary>
public sealed record OcfExportManifest(string PluginType, string Name, string ImplementationTypeName, Version ApiVersion, string? Description)
{
    /// <summary>The export's declared aliases (<see cref="OcfExportAttribute.Aliases"/>).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>True when this export is of <paramref name="pluginType"/> and is called <paramref name="name"/> (its name or an alias).</summary>
    public bool Answers(string pluginType, string name) =>
        string.Equals(PluginType, pluginType, StringComparison.OrdinalIgnoreCase)
        && (string.Equals(Name, name, StringComparison.OrdinalIgnoreCase) || Aliases.Contains(name, StringComparer.OrdinalIgnoreCase));
}

/// <summary>
/// Reads <see cref="OcfModuleAttribute"/> and <see cref="OcfExportAttribute"/> straight from an assembly file with
/// System.Reflection.Metadata: nothing is loaded into any load context and no module code (not even a static
/// constructor) runs, so listing a plugin folder is safe and cheap.
/// </summary>
internal static class ModuleManifestReader
{
    private const string ModuleAttribute = "Ocf.Plugins.OcfModuleAttribute";
    private const string ExportAttribute = "Ocf.Plugins.OcfExportAttribute";

    /// <summary>The manifest, or null with <paramref name="problem"/> set (not .NET, corrupt) or unset (a .NET assembly that is not a module).</summary>
    public static OcfModuleManifest? TryRead(string path, out string? problem)
    {
        problem = null;
        try
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata) { problem = "not a .NET assembly"; return null; }
            var md = pe.GetMetadataReader();
            if (!md.IsAssembly) { problem = "a .NET module without an assembly manifest"; return null; }
            var assembly = md.GetAssemblyDefinition();
            string? name = null, description = null;
            var exports = new List<OcfExportManifest>();
            var provider = new AttributeTypeProvider();
            foreach (var handle in assembly.GetCustomAttributes())
            {
                var attribute = md.GetCustomAttribute(handle);
                string type = AttributeTypeName(md, attribute);
                if (type != ModuleAttribute && type != ExportAttribute) continue;
                var value = attribute.DecodeValue(provider);
                string? Named(string n) => value.NamedArguments.FirstOrDefault(a => a.Name == n).Value as string;
                if (type == ModuleAttribute)
                {
                    name = (string?)value.FixedArguments[0].Value;
                    description = Named(nameof(OcfModuleAttribute.Description));
                }
                else
                {
                    string apiText = Named(nameof(OcfExportAttribute.ApiVersion)) ?? "1.0";
                    if (!Version.TryParse(apiText, out var api)) { problem = $"an export declares the invalid API version '{apiText}'"; return null; }
                    exports.Add(new OcfExportManifest(
                        (string)value.FixedArguments[0].Value!,
                        (string)value.FixedArguments[1].Value!,
                        (string)value.FixedArguments[2].Value!,
                        api,
                        Named(nameof(OcfExportAttribute.Description)))
                    {
                        Aliases = NamedStrings(value, nameof(OcfExportAttribute.Aliases)),
                    });
                }
            }
            if (name is null) return null;
            return new OcfModuleManifest(name, System.IO.Path.GetFullPath(path), assembly.Version, description, exports);
        }
        // Damaged metadata can also surface as arithmetic or range errors from inside System.Reflection.Metadata.
        catch (Exception e) when (e is BadImageFormatException or OverflowException or ArgumentException or IndexOutOfRangeException)
        {
            problem = $"not a valid .NET assembly ({e.Message})";
        }
        catch (InvalidOperationException e) { problem = $"unreadable metadata ({e.Message})"; }
        catch (IOException e) { problem = $"cannot be read ({e.Message})"; }
        catch (UnauthorizedAccessException e) { problem = $"cannot be read ({e.Message})"; }
        return null;
    }

    /// <summary>A string[] named argument: an array of typed arguments in the blob (absent or null: none).</summary>
    private static string[] NamedStrings(CustomAttributeValue<string> value, string name)
    {
        var argument = value.NamedArguments.FirstOrDefault(a => a.Name == name);
        return argument.Value is ImmutableArray<CustomAttributeTypedArgument<string>> items
            ? items.Select(i => i.Value as string).Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToArray()
            : [];
    }

    private static string AttributeTypeName(MetadataReader md, CustomAttribute attribute)
    {
        EntityHandle typeHandle = attribute.Constructor.Kind switch
        {
            HandleKind.MemberReference => md.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent,
            HandleKind.MethodDefinition => md.GetMethodDefinition((MethodDefinitionHandle)attribute.Constructor).GetDeclaringType(),
            _ => default,
        };
        return typeHandle.Kind switch
        {
            HandleKind.TypeReference => FullName(md, md.GetTypeReference((TypeReferenceHandle)typeHandle)),
            HandleKind.TypeDefinition => FullName(md, md.GetTypeDefinition((TypeDefinitionHandle)typeHandle)),
            _ => string.Empty,
        };
    }

    private static string FullName(MetadataReader md, TypeReference t) => $"{md.GetString(t.Namespace)}.{md.GetString(t.Name)}";
    private static string FullName(MetadataReader md, TypeDefinition t) => $"{md.GetString(t.Namespace)}.{md.GetString(t.Name)}";

    /// <summary>Decodes attribute arguments to strings; System.Type arguments arrive as their serialized names.</summary>
    private sealed class AttributeTypeProvider : ICustomAttributeTypeProvider<string>
    {
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode.ToString();
        public string GetSystemType() => "System.Type";
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => FullName(reader, reader.GetTypeDefinition(handle));
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => FullName(reader, reader.GetTypeReference(handle));
        public string GetTypeFromSerializedName(string name) => name;
        public PrimitiveTypeCode GetUnderlyingEnumType(string type) => PrimitiveTypeCode.Int32;
        public bool IsSystemType(string type) => type == "System.Type";
    }
}
