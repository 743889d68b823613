using System.Security.AccessControl;
using System.Security.Principal;

namespace Ocf.Stonith;

/// <summary>
/// Secret files only their owner can read: mode 0600 on Unix (created so, never widened), an ACL granting only the
/// current user on Windows. Reading refuses a file that others could read, as a key file must not be shared.
/// </summary>
public static class OwnerOnlyFile
{
    public static void Write(string path, string content)
    {
        if (File.Exists(path)) File.Delete(path);
        if (OperatingSystem.IsWindows())
        {
            File.WriteAllText(path, content);
            var security = new FileSecurity();
            security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
            security.AddAccessRule(new FileSystemAccessRule(WindowsIdentity.GetCurrent().User!, FileSystemRights.FullControl, AccessControlType.Allow));
            new FileInfo(path).SetAccessControl(security);
            return;
        }
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite };
        using var stream = new FileStream(path, options);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }

    public static string Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"The secret file {path} does not exist.", path);
        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(path);
            const UnixFileMode others = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
            if ((mode & others) != 0)
                throw new UnauthorizedAccessException($"The secret file {path} can be read by others (mode {Convert.ToString((int)mode, 8)}); it must be readable only by its owner (chmod 600).");
        }
        return File.ReadAllText(path);
    }
}
