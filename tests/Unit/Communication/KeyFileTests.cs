using Ocf.Communication;
using Xunit;

namespace Ocf.Tests.Communication;

public sealed class KeyFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ocf-keys-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathOf(string name) => Path.Combine(_dir, name);

    [Fact]
    public void A_generated_key_file_is_owner_only_and_reads_back()
    {
        string path = PathOf("authkey");
        var ring = OcfKeyFile.Generate(path);
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        var read = OcfKeyFile.Read(path);
        Assert.Equal(ring.KeyIds, read.KeyIds);
        Assert.Equal(ring.SigningKeyId, read.SigningKeyId);
        Assert.Equal(ring.DeriveKey(1, "x"), read.DeriveKey(1, "x"));
    }

    [Theory]
    [InlineData(0b110_100_000)] // 0640
    [InlineData(0b110_100_100)] // 0644
    [InlineData(0b110_000_001)] // 0601
    [InlineData(0b100_100_000)] // 0440
    public void A_key_file_group_or_others_can_access_is_refused_with_a_clear_error(int mode)
    {
        if (OperatingSystem.IsWindows()) return;
        string path = PathOf("loose");
        OcfKeyFile.Generate(path);
        File.SetUnixFileMode(path, (UnixFileMode)mode);
        var e = Assert.Throws<OcfKeyFileException>(() => OcfKeyFile.Read(path));
        Assert.Equal(path, e.Path);
        Assert.Contains("chmod 600", e.Message);
        Assert.Contains(Convert.ToString(mode, 8), e.Message);
    }

    [Fact]
    public void A_read_only_owner_file_is_accepted()
    {
        if (OperatingSystem.IsWindows()) return;
        string path = PathOf("readonly");
        OcfKeyFile.Generate(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead);
        Assert.Single(OcfKeyFile.Read(path).KeyIds);
    }

    [Fact]
    public void Several_keys_and_an_explicit_signing_key_are_read()
    {
        var k1 = Convert.ToBase64String(OcfKeyRing.GenerateKey(32));
        var k2 = Convert.ToBase64String(OcfKeyRing.GenerateKey(48));
        var ring = OcfKeyFile.Parse($"# comment\nkey 1 {k1}\n\nkey 2 {k2}  # new\nsign 1\n");
        Assert.Equal([1, 2], ring.KeyIds);
        Assert.Equal(1, ring.SigningKeyId);
        Assert.Equal(2, OcfKeyFile.Parse($"key 1 {k1}\nkey 2 {k2}\n").SigningKeyId);
        Assert.Equal(ring.KeyIds, OcfKeyFile.Parse(OcfKeyFile.Format(ring)).KeyIds);
    }

    [Theory]
    [InlineData("", "holds no key")]
    [InlineData("key 1 c2hvcnQ=", "at least 32")]
    [InlineData("key 1 !!!", "base64")]
    [InlineData("key 0 c2hvcnQ=", "1–255")]
    [InlineData("key 300 c2hvcnQ=", "1–255")]
    [InlineData("auth 1", "expected")]
    [InlineData("key 1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nsign 2", "does not hold")]
    [InlineData("key 1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\nkey 1 AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=", "twice")]
    public void Bad_key_files_are_refused_with_the_line(string text, string message)
    {
        var e = Assert.Throws<OcfKeyFileException>(() => OcfKeyFile.Parse(text, "authkey"));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void A_missing_key_file_is_a_clear_error() =>
        Assert.Contains("does not exist", Assert.Throws<OcfKeyFileException>(() => OcfKeyFile.Read(PathOf("nope"))).Message);
}
