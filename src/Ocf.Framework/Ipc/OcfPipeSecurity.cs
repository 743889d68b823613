using System.IO.Pipes;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Security.AccessControl;
using System.Security.Principal;
using Microsoft.Win32.SafeHandles;

namespace Ocf.Ipc;

/// <summary>
/// The Windows side of the local API's access control: the named pipe is created with an explicit ACL (Administrators,
/// LocalSystem, the server's own user full control; the configured group read/write; network logons denied), and
/// the client's process id is read with GetNamedPipeClientProcessId. Everything here is runtime-guarded: on Unix the
/// pipe is a plain stream (never used by the server, which listens on a Unix socket) and the process id is null.
/// </summary>
public static class OcfPipeSecurity
{
    /// <summary>Creates one server instance of the pipe <paramref name="name"/> (the first with FirstPipeInstance, against squatting).</summary>
    public static NamedPipeServerStream CreateServerStream(string name, OcfIpcServerOptions options, bool first)
    {
        var pipeOptions = PipeOptions.Asynchronous | (first ? PipeOptions.FirstPipeInstance : PipeOptions.None);
        if (!OperatingSystem.IsWindows())
            return new NamedPipeServerStream(name, PipeDirection.InOut, NamedPipeServerStream.MaxAllowedServerInstances, PipeTransmissionMode.Byte, pipeOptions);
        return NamedPipeServerStreamAcl.Create(name, PipeDirection.InOut, NamedPipeServerStream.MaxAllowedServerInstances,
            PipeTransmissionMode.Byte, pipeOptions, 0, 0, CreateSecurity(options.AllowedGroup));
    }

    /// <summary>The pipe's ACL: Administrators, LocalSystem and the current user full control; <paramref name="group"/> read/write; network denied.</summary>
    [SupportedOSPlatform("windows")]
    public static PipeSecurity CreateSecurity(string? group)
    {
        var security = new PipeSecurity();
        security.SetAccessRuleProtection(isProtected: true, preserveInheritance: false);
        security.AddAccessRule(new PipeAccessRule(new SecurityIdentifier(WellKnownSidType.NetworkSid, null), PipeAccessRights.FullControl, AccessControlType.Deny));
        security.AddAccessRule(new PipeAccessRule(new SecurityIdentifier(WellKnownSidType.BuiltinAdministratorsSid, null), PipeAccessRights.FullControl, AccessControlType.Allow));
        security.AddAccessRule(new PipeAccessRule(new SecurityIdentifier(WellKnownSidType.LocalSystemSid, null), PipeAccessRights.FullControl, AccessControlType.Allow));
        using (var me = WindowsIdentity.GetCurrent())
        {
            if (me.User is { } owner)
            {
                security.AddAccessRule(new PipeAccessRule(owner, PipeAccessRights.FullControl, AccessControlType.Allow));
                security.SetOwner(owner);
            }
        }
        if (!string.IsNullOrWhiteSpace(group))
            security.AddAccessRule(new PipeAccessRule(ResolveSid(group), PipeAccessRights.ReadWrite, AccessControlType.Allow));
        return security;
    }

    /// <summary>A SID string (S-1-...) or an account name (DOMAIN\group or group) as a SID.</summary>
    [SupportedOSPlatform("windows")]
    public static SecurityIdentifier ResolveSid(string groupOrSid) =>
        groupOrSid.StartsWith("S-1-", StringComparison.OrdinalIgnoreCase)
            ? new SecurityIdentifier(groupOrSid)
            : (SecurityIdentifier)new NTAccount(groupOrSid).Translate(typeof(SecurityIdentifier));

    /// <summary>The connected client's process id (Windows); null elsewhere or when it cannot be read.</summary>
    public static int? ClientProcessId(NamedPipeServerStream pipe)
    {
        if (!OperatingSystem.IsWindows()) return null;
        return NativeMethods.GetNamedPipeClientProcessId(pipe.SafePipeHandle, out uint pid) ? (int)pid : null;
    }

    /// <summary>The server's process id as a client sees it (Windows); null elsewhere.</summary>
    public static int? ServerProcessId(NamedPipeClientStream pipe)
    {
        if (!OperatingSystem.IsWindows()) return null;
        return NativeMethods.GetNamedPipeServerProcessId(pipe.SafePipeHandle, out uint pid) ? (int)pid : null;
    }

    private static class NativeMethods
    {
        [DllImport("kernel32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        internal static extern bool GetNamedPipeClientProcessId(SafePipeHandle pipe, out uint clientProcessId);

        [DllImport("kernel32.dll", SetLastError = true)]
        [return: MarshalAs(UnmanagedType.Bool)]
        internal static extern bool GetNamedPipeServerProcessId(SafePipeHandle pipe, out uint serverProcessId);
    }
}
