using Appliance.Rfb;

namespace Appliance.Rfb.Tests;

public class VncDesTests
{
    // FIPS 46 / NBS validation vectors and the classic worked example (key parity bits are ignored by DES).
    [Theory]
    [InlineData("133457799BBCDFF1", "0123456789ABCDEF", "85E813540F0AB405")]
    [InlineData("0123456789ABCDEF", "4E6F772069732074", "3FA40E8A984D4815")] // "Now is t"
    [InlineData("0101010101010101", "95F8A5E5DD31D900", "8000000000000000")] // NBS SP 500-20 variable plaintext, round 1
    [InlineData("0101010101010101", "8000000000000000", "95F8A5E5DD31D900")]
    [InlineData("8001010101010101", "0000000000000000", "95A8D72813DAA94D")] // variable key
    [InlineData("1046913489980131", "0000000000000000", "88D55E54F54C97B4")] // permutation operation
    public void Encrypts_known_vectors(string key, string plain, string cipher)
    {
        var output = new byte[8];
        VncDes.EncryptBlock(Convert.FromHexString(key), Convert.FromHexString(plain), output);
        Assert.Equal(cipher, Convert.ToHexString(output));
        var back = new byte[8];
        VncDes.DecryptBlock(Convert.FromHexString(key), output, back);
        Assert.Equal(plain, Convert.ToHexString(back));
    }

    [Fact]
    public void Challenge_response_mirrors_key_bits_and_uses_eight_password_bytes()
    {
        var challenge = Convert.FromHexString("00112233445566778899AABBCCDDEEFF");
        var response = new byte[16];
        VncDes.EncryptChallenge("password-and-more"u8, challenge, response);
        // The same as plain DES keyed by "password" with every key byte bit-reversed.
        var mirrored = "password"u8.ToArray().Select(b => (byte)(((b * 0x0202020202UL) & 0x010884422010UL) % 1023)).ToArray();
        var expected = new byte[16];
        VncDes.EncryptBlock(mirrored, challenge.AsSpan(0, 8), expected.AsSpan(0, 8));
        VncDes.EncryptBlock(mirrored, challenge.AsSpan(8, 8), expected.AsSpan(8, 8));
        Assert.Equal(expected, response);
        var unmirrored = new byte[8];
        VncDes.EncryptBlock("password"u8, challenge.AsSpan(0, 8), unmirrored);
        Assert.NotEqual(unmirrored, response[..8]);
    }

    [Fact]
    public void Short_password_is_nul_padded()
    {
        var challenge = new byte[16];
        var a = new byte[16];
        var b = new byte[16];
        VncDes.EncryptChallenge("ab"u8, challenge, a);
        VncDes.EncryptChallenge("ab\0\0\0\0\0\0"u8, challenge, b);
        Assert.Equal(b, a);
    }

    [Fact]
    public void Password_file_round_trips_through_the_fixed_key()
    {
        // TigerVNC's vncpasswd writes DES(fixedkey, password padded to 8); the integration suite checks real files.
        var stored = new byte[16];
        var key = VncDes.PasswordFileKey.ToArray().Select(b => (byte)(((b * 0x0202020202UL) & 0x010884422010UL) % 1023)).ToArray();
        VncDes.EncryptBlock(key, "secret\0\0"u8, stored.AsSpan(0, 8));
        Assert.Equal("secret"u8.ToArray(), VncDes.DecryptPasswordFile(stored));
    }
}
