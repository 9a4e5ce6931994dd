using System.Text;

namespace Appliance.Unattend.Fragments;

/// <summary>
/// The "hidden" password form Windows System Image Manager writes: base64 of the UTF-16LE bytes of the password
/// followed by the name of the element (<c>AdministratorPassword</c> or <c>Password</c>), with
/// <c>&lt;PlainText&gt;false&lt;/PlainText&gt;</c>. It only keeps the password from being read at a glance; anyone
/// with the answer file can decode it, so answer files stay on the install share and payload media of the node.
/// </summary>
public static class UnattendPassword
{
    public const string AdministratorPasswordSuffix = "AdministratorPassword";
    public const string PasswordSuffix = "Password";

    public static string Encode(string password, string suffix) =>
        Convert.ToBase64String(Encoding.Unicode.GetBytes(password + suffix));

    /// <summary>The inverse, for tests and for `floppygen --show`-style inspection.</summary>
    public static string Decode(string encoded, string suffix)
    {
        var text = Encoding.Unicode.GetString(Convert.FromBase64String(encoded));
        return text.EndsWith(suffix, StringComparison.Ordinal) ? text[..^suffix.Length] : text;
    }
}
