using Ocf.Configuration;
using Ocf.Data;
using Ocf.Encoding.OcfXml;
using Ocf.Encoding;

namespace Ocf.Stonith;

/// <summary>A saved device: its name, plugin and configuration (secrets resolved in memory).</summary>
public sealed record OcfStonithDeviceDefinition(string Name, string Type, OcfMap Configuration, string Path);

/// <summary>
/// Device definitions as one OCF XML file per device in a folder (by default a per-user configuration folder).
/// Secrets are never written in clear: each secret field becomes a reference — a file beside the definition that only
/// its owner can read, or an environment variable name — unless the caller explicitly allows clear text.
/// </summary>
public sealed class OcfStonithDeviceStore(string directory)
{
    private const string Extension = ".ocf.xml";
    public const string SecretFileKey = "secret_file";
    public const string SecretEnvironmentKey = "secret_env";

    public string Directory { get; } = System.IO.Path.GetFullPath(directory);

    /// <summary>$XDG_CONFIG_HOME/ocf/stonith (or ~/.config/ocf/stonith) on Unix; %APPDATA%\Ocf\stonith on Windows.</summary>
    public static string DefaultDirectory
    {
        get
        {
            if (OperatingSystem.IsWindows())
                return System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "Ocf", "stonith");
            string? xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
            string root = string.IsNullOrEmpty(xdg) ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config") : xdg;
            return System.IO.Path.Combine(root, "ocf", "stonith");
        }
    }

    public string PathOf(string name) => System.IO.Path.Combine(Directory, Sanitize(name) + Extension);

    /// <summary>
    /// Writes the definition. Secret fields go to owner-only files (or to the environment-variable references given in
    /// <paramref name="secretVariables"/>); with <paramref name="allowClearTextSecrets"/> they are written in the file itself.
    /// </summary>
    public string Save(string name, string type, IReadOnlyList<OcfField> fields, OcfMap configuration, bool overwrite,
        bool allowClearTextSecrets = false, IReadOnlyDictionary<string, string>? secretVariables = null)
    {
        System.IO.Directory.CreateDirectory(Directory);
        string path = PathOf(name);
        if (File.Exists(path) && !overwrite) throw new IOException($"A device named '{name}' is already saved at {path}.");
        var stored = new OcfMapBuilder();
        foreach (var (key, value) in configuration)
        {
            var field = OcfConfigurator.Find(fields, key);
            if (field is not { Secret: true } || value is OcfNil || allowClearTextSecrets)
            {
                stored.Add(key, value);
                continue;
            }
            if (secretVariables is not null && secretVariables.TryGetValue(key, out var variable))
            {
                stored.Add(key, new OcfMap([new(SecretEnvironmentKey, new OcfString(variable))]));
                continue;
            }
            string secretName = $"{Sanitize(name)}.{Sanitize(key)}.secret";
            OwnerOnlyFile.Write(System.IO.Path.Combine(Directory, secretName), value is OcfString s ? s.Value : value.ToString());
            stored.Add(key, new OcfMap([new(SecretFileKey, new OcfString(secretName))]));
        }
        var document = new OcfMap([
            new("name", new OcfString(name)),
            new("type", new OcfString(type)),
            new("configuration", stored.Build()),
        ]);
        File.WriteAllBytes(path, OcfXmlCodec.Instance.EncodeToBytes(document, OcfEncoderOptions.Indented));
        return path;
    }

    public IReadOnlyList<string> Names() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, "*" + Extension).Select(f => System.IO.Path.GetFileName(f)[..^Extension.Length]).Order().ToArray()
            : [];

    /// <summary>Reads a definition and resolves its secret references (refusing a secret file others can read).</summary>
    public OcfStonithDeviceDefinition Load(string name)
    {
        string path = PathOf(name);
        if (!File.Exists(path)) throw new FileNotFoundException($"No device named '{name}' is saved in {Directory}.", path);
        var doc = OcfXmlCodec.Instance.Decode(File.ReadAllBytes(path)) as OcfMap
            ?? throw new InvalidDataException($"{path} is not a device definition (expected an <AL>).");
        string Str(string key) => doc.TryGetValue(key, out var v) && v is OcfString s ? s.Value : throw new InvalidDataException($"{path}: '{key}' is missing.");
        var configuration = doc.TryGetValue("configuration", out var c) && c is OcfMap m ? m : throw new InvalidDataException($"{path}: 'configuration' is missing.");
        var resolved = new OcfMapBuilder();
        foreach (var (key, value) in configuration)
        {
            if (value is OcfMap reference && reference.Count == 1 && reference.TryGetValue(SecretFileKey, out var file) && file is OcfString f)
                resolved.Add(key, new OcfString(OwnerOnlyFile.Read(System.IO.Path.Combine(Directory, f.Value))));
            else if (value is OcfMap envRef && envRef.Count == 1 && envRef.TryGetValue(SecretEnvironmentKey, out var env) && env is OcfString e)
                resolved.Add(key, new OcfString(Environment.GetEnvironmentVariable(e.Value)
                    ?? throw new InvalidOperationException($"The secret '{key}' of device '{name}' comes from the environment variable {e.Value}, which is not set.")));
            else resolved.Add(key, value);
        }
        return new OcfStonithDeviceDefinition(Str("name"), Str("type"), resolved.Build(), path);
    }

    public bool Remove(string name)
    {
        string path = PathOf(name);
        if (!File.Exists(path)) return false;
        File.Delete(path);
        foreach (var secret in System.IO.Directory.EnumerateFiles(Directory, Sanitize(name) + ".*.secret")) File.Delete(secret);
        return true;
    }

    private static string Sanitize(string name) => string.Concat(name.Select(ch => char.IsLetterOrDigit(ch) || ch is '-' or '_' or '.' ? ch : '_'));
}
