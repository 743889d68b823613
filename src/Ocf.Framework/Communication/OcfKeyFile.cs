using System.Globalization;
using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;
using System.Text;

namespace Ocf.Communication;

/// <summary>
/// Reads and writes the cluster key file. Format (UTF-8 text, '#' starts a comment):
/// <code>
/// key 1 &lt;base64 key, at least 32 bytes&gt;
/// key 2 &lt;base64&gt;
/// sign 2          # optional; default: the highest key id
/// </code>
/// Reading refuses a file others could read. On Unix: any group or other permission bit (mode must be 0600 or 0400).
/// On Windows: any allow entry in the file's DACL for a principal other than the file's owner, SYSTEM
/// (S-1-5-18) or BUILTIN\Administrators (S-1-5-32-544), or a missing DACL (everyone has access).
/// </summary>
public static class OcfKeyFile
{
    public static OcfKeyRing Read(string path)
    {
        if (!File.Exists(path)) throw new OcfKeyFileException(path, $"The cluster key file '{path}' does not exist.");
        CheckPermissions(path);
        string text;
        try { text = File.ReadAllText(path, System.Text.Encoding.UTF8); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OcfKeyFileException(path, $"The cluster key file '{path}' cannot be read: {e.Message}", e);
        }
        return Parse(text, path);
    }

    /// <summary>Parses key-file text (no permission check).</summary>
    public static OcfKeyRing Parse(string text, string path = "(text)")
    {
        var keys = new List<KeyValuePair<byte, byte[]>>();
        byte? sign = null;
        int lineNumber = 0;
        foreach (string raw in text.Split('\n'))
        {
            lineNumber++;
            string line = raw;
            int hash = line.IndexOf('#');
            if (hash >= 0) line = line[..hash];
            string[] parts = line.Split([' ', '\t', '\r'], StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            string where = $"{path}, line {lineNumber}";
            switch (parts[0].ToLowerInvariant())
            {
                case "key" when parts.Length == 3:
                    byte id = ParseId(parts[1], where, path);
                    byte[] key;
                    try { key = Convert.FromBase64String(parts[2]); }
                    catch (FormatException) { throw new OcfKeyFileException(path, $"{where}: key {id} is not valid base64."); }
                    if (key.Length < OcfKeyRing.MinimumKeyLength)
                        throw new OcfKeyFileException(path, $"{where}: key {id} has {key.Length} bytes; at least {OcfKeyRing.MinimumKeyLength} are required.");
                    if (keys.Any(k => k.Key == id)) throw new OcfKeyFileException(path, $"{where}: key {id} appears twice.");
                    keys.Add(new(id, key));
                    break;
                case "sign" when parts.Length == 2:
                    sign = ParseId(parts[1], where, path);
                    break;
                default:
                    throw new OcfKeyFileException(path, $"{where}: expected 'key <id> <base64>' or 'sign <id>'.");
            }
        }
        if (keys.Count == 0) throw new OcfKeyFileException(path, $"The cluster key file '{path}' holds no key.");
        if (sign is { } s && keys.All(k => k.Key != s)) throw new OcfKeyFileException(path, $"{path}: 'sign {s}' names a key the file does not hold.");
        return new OcfKeyRing(keys, sign);
    }

    public static string Format(OcfKeyRing ring)
    {
        var sb = new StringBuilder("# Ocf cluster key file: keep it readable by its owner only (chmod 600).\n");
        foreach (var (id, key) in ring.RawKeys) sb.Append("key ").Append(id.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Convert.ToBase64String(key)).Append('\n');
        sb.Append("sign ").Append(ring.SigningKeyId.ToString(CultureInfo.InvariantCulture)).Append('\n');
        return sb.ToString();
    }

    /// <summary>Writes the ring to a new owner-only file (mode 0600 / owner-only ACL), replacing any existing file.</summary>
    public static void Write(string path, OcfKeyRing ring) => Ocf.Stonith.OwnerOnlyFile.Write(path, Format(ring));

    /// <summary>Generates a one-key ring (64 random bytes, id 1) and writes it owner-only.</summary>
    public static OcfKeyRing Generate(string path, byte keyId = 1)
    {
        var ring = new OcfKeyRing(keyId, OcfKeyRing.GenerateKey());
        Write(path, ring);
        return ring;
    }

    /// <summary>Throws <see cref="OcfKeyFileException"/> when principals other than the owner can read the file.</summary>
    public static void CheckPermissions(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            CheckWindowsAcl(path);
            return;
        }
        UnixFileMode mode;
        try { mode = File.GetUnixFileMode(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new OcfKeyFileException(path, $"The permissions of the cluster key file '{path}' cannot be read: {e.Message}", e);
        }
        const UnixFileMode groupOrOther = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        if ((mode & groupOrOther) != 0)
        {
            string octal = Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0');
            throw new OcfKeyFileException(path,
                $"The cluster key file '{path}' has mode {octal}: it is accessible to group or others and is refused. Make it readable by its owner only: chmod 600 '{path}'.");
        }
    }

    [SupportedOSPlatform("windows")]
    private static void CheckWindowsAcl(string path)
    {
        FileSecurity security;
        try { security = new FileInfo(path).GetAccessControl(AccessControlSections.Access | AccessControlSections.Owner); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PrivilegeNotHeldException)
        {
            throw new OcfKeyFileException(path, $"The access control list of the cluster key file '{path}' cannot be read: {e.Message}", e);
        }
        var owner = security.GetOwner(typeof(SecurityIdentifier)) as SecurityIdentifier;
        var allowed = new HashSet<SecurityIdentifier>
        {
            new(WellKnownSidType.LocalSystemSid, null),
            new(WellKnownSidType.BuiltinAdministratorsSid, null),
        };
        if (owner is not null) allowed.Add(owner);
        var rules = security.GetAccessRules(includeExplicit: true, includeInherited: true, typeof(SecurityIdentifier));
        var others = new List<string>();
        foreach (FileSystemAccessRule rule in rules)
        {
            if (rule.AccessControlType != AccessControlType.Allow) continue;
            if (rule.IdentityReference is SecurityIdentifier sid && allowed.Contains(sid)) continue;
            string name;
            try { name = rule.IdentityReference.Translate(typeof(NTAccount)).Value; }
            catch (Exception) { name = rule.IdentityReference.Value; }
            others.Add(name);
        }
        if (others.Count > 0)
            throw new OcfKeyFileException(path,
                $"The cluster key file '{path}' grants access to {string.Join(", ", others.Distinct())}: only its owner, SYSTEM and Administrators may have access. Remove inherited and other entries (icacls \"{path}\" /inheritance:r /grant:r \"%USERNAME%:F\").");
    }

    private static byte ParseId(string text, string where, string path)
    {
        if (!byte.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out byte id) || id == 0)
            throw new OcfKeyFileException(path, $"{where}: key id '{text}' is not in 1–255.");
        return id;
    }
}
