using Appliance.Rfb;

namespace Appliance.Rfb.Tests;

public class StepScriptTests
{
    [Fact]
    public void Parses_every_command()
    {
        var steps = StepScript.Parse("""
            # install Windows
            set key-interval 20ms
            wait-needle setup-language other 2m
            wait-still 3s 1m30s
            type "Admin \"pw\"\n"
            keys <leftCtrlOn>b<leftCtrlOff><wait5>dir c:<enter>
            click next-button 45s
            click 10,20 right
            screenshot out.png
            sleep 500ms

            """, "s.vnc");
        Assert.Equal([StepKind.SetKeyInterval, StepKind.WaitNeedle, StepKind.WaitStill, StepKind.Type, StepKind.Keys,
            StepKind.ClickNeedle, StepKind.ClickAt, StepKind.Screenshot, StepKind.Sleep], steps.Select(s => s.Kind));
        Assert.Equal(TimeSpan.FromMilliseconds(20), steps[0].Duration);
        Assert.Equal(["setup-language", "other"], steps[1].Needles);
        Assert.Equal(TimeSpan.FromMinutes(2), steps[1].Timeout);
        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(90)), (steps[2].Duration, steps[2].Timeout));
        Assert.Equal(11, steps[3].Keys.Count);
        Assert.True(steps[3].Keys[0].Shift); // 'A'
        Assert.True(steps[3].Keys[6].Shift); // '"'
        Assert.Equal(0x1Cu, steps[3].Keys[^1].Key.Scancode); // \n = enter
        Assert.Equal(KeyActionKind.Down, steps[4].Keys[0].Kind);
        Assert.Equal(0x1Du, steps[4].Keys[0].Key.Scancode);
        Assert.Equal(KeyActionKind.Up, steps[4].Keys[2].Kind);
        Assert.Equal(TimeSpan.FromSeconds(5), steps[4].Keys[3].Wait);
        Assert.Equal(TimeSpan.FromSeconds(45), steps[5].Timeout);
        Assert.Equal((10, 20, (byte)4), (steps[6].X, steps[6].Y, steps[6].Buttons));
        Assert.Equal("out.png", steps[7].File);
        Assert.Equal(3, steps[1].Line);
    }

    [Theory]
    [InlineData("<enter>", 0xFF0D, 0x1C)]
    [InlineData("<F8>", 0xFFC5, 0x42)]
    [InlineData("<esc>", 0xFF1B, 0x01)]
    [InlineData("<bs>", 0xFF08, 0x0E)]
    [InlineData("<tab>", 0xFF09, 0x0F)]
    [InlineData("<del>", 0xFFFF, 0xD3)]
    [InlineData("<pageDown>", 0xFF56, 0xD1)]
    [InlineData("<spacebar>", 0x20, 0x39)]
    [InlineData("a", 'a', 0x1E)]
    [InlineData("<", '<', 0x33)]
    [InlineData("< >", '<', 0x33)]
    public void Packer_keys_map_to_keysym_and_scancode(string text, int keysym, int scancode)
    {
        var first = BootCommand.Parse(text)[0];
        Assert.Equal(((uint)keysym, (ushort)scancode), (first.Key.Keysym, first.Key.Scancode));
    }

    [Theory]
    [InlineData("<wait>", 1000)]
    [InlineData("<wait10>", 10000)]
    [InlineData("<wait250ms>", 250)]
    [InlineData("<wait1m30s>", 90000)]
    public void Waits(string text, int ms) => Assert.Equal(TimeSpan.FromMilliseconds(ms), BootCommand.Parse(text)[0].Wait);

    [Theory]
    [InlineData("frobnicate now", "s:1: unknown command \"frobnicate\"")]
    [InlineData("keys <entre>", "s:1: column 1: unknown key <entre>")]
    [InlineData("type \"unterminated", "s:1: the quote opened at column 1 is not closed")]
    [InlineData("type \"é\"", "no key types 'é'")]
    [InlineData("wait-still 2x", "expected a duration like 500ms, 5s or 1m30s, saw \"2x\"")]
    [InlineData("\n\nwait-needle", "s:3: wait-needle needs at least one needle")]
    [InlineData("click 1,2 sideways", "click button expected left, middle or right")]
    public void Errors_name_line_and_reason(string script, string message)
    {
        var e = Assert.Throws<RfbException>(() => StepScript.Parse(script, "s"));
        Assert.Equal(RfbErrorReason.BadScript, e.Reason);
        Assert.Contains(message, e.Message);
    }
}
