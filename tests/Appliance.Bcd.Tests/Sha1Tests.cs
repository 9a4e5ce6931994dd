using System.Security.Cryptography;
using System.Text;

namespace Appliance.Bcd.Tests;

/// <summary>Our SHA-1 (used for name-based loader GUIDs) against FIPS 180 vectors and the BCL's implementation.</summary>
public sealed class Sha1Tests
{
    [Theory]
    [InlineData("", "da39a3ee5e6b4b0d3255bfef95601890afd80709")]
    [InlineData("abc", "a9993e364706816aba3e25717850c26c9cd0d89d")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "84983e441c3bd26ebaae4aa1f95129e5e54670f1")]
    public void Known_vectors(string input, string expected)
    {
        var hash = new byte[20];
        Sha1.HashData(Encoding.ASCII.GetBytes(input), hash);
        Assert.Equal(expected, Convert.ToHexString(hash).ToLowerInvariant());
    }

    [Fact]
    public void Every_length_up_to_three_blocks_matches_the_bcl()
    {
        var data = new byte[200];
        new Random(7).NextBytes(data);
        var ours = new byte[20];
        for (var n = 0; n <= data.Length; n++)
        {
            Sha1.HashData(data.AsSpan(0, n), ours);
            Assert.Equal(SHA1.HashData(data.AsSpan(0, n)), ours);
        }
    }
}
