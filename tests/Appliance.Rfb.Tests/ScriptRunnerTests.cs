using Appliance.Rfb;
using Microsoft.Extensions.Logging.Abstractions;

namespace Appliance.Rfb.Tests;

public class ScriptRunnerTests
{
    /// <summary>A session whose screen the test swaps, recording what was sent.</summary>
    private sealed class FakeSession(PixelImage screen) : IRfbSession
    {
        private long _updates = 1;
        public PixelImage Screen = screen;
        public readonly List<string> Sent = [];
        public long UpdateCount => Interlocked.Read(ref _updates);
        public void Change(PixelImage next) { Screen = next; Interlocked.Increment(ref _updates); }

        public bool WaitForUpdate(long after, TimeSpan timeout)
        {
            if (UpdateCount > after) return true;
            Thread.Sleep(timeout < TimeSpan.FromMilliseconds(20) ? timeout : TimeSpan.FromMilliseconds(20));
            return UpdateCount > after;
        }

        public PixelImage Snapshot(PixelImage? into = null)
        {
            lock (Sent)
            {
                if (into is null) return Screen.Clone();
                Screen.CopyTo(into);
                return into;
            }
        }

        public void SendKey(RfbKey key, bool down) { lock (Sent) Sent.Add($"{(down ? "+" : "-")}{key.Scancode:X2}"); }
        public void SendPointer(int x, int y, byte buttons) { lock (Sent) Sent.Add($"p{x},{y},{buttons}"); }
    }

    private static NeedleSet Needles()
    {
        var set = new NeedleSet();
        set.Add(new Needle("button", ["ok"], [new NeedleArea(100, 80, 60, 30, NeedleAreaKind.Match, 95, 20, 5, 5)], NeedleMatcherTests.Screen(100, 80)));
        return set;
    }

    [Fact]
    public void Types_with_explicit_shift_waits_for_the_needle_and_clicks_it()
    {
        var session = new FakeSession(NeedleMatcherTests.Screen(10, 10));
        var runner = new ScriptRunner(session, Needles(), NullLogger.Instance, new ScriptRunnerOptions { KeyInterval = TimeSpan.Zero });
        var steps = StepScript.Parse("type \"aB\"\nclick ok 5s\n");
        var appear = new Thread(() => { Thread.Sleep(300); session.Change(NeedleMatcherTests.Screen(110, 90)); });
        appear.Start();
        var result = runner.Run(steps);
        appear.Join();
        Assert.True(result.Success, result.Message);
        Assert.Equal(["+1E", "-1E", "+2A", "+30", "-30", "-2A", "p115,95,0", "p115,95,1", "p115,95,0"], session.Sent);
    }

    [Fact]
    public void A_needle_that_never_matches_fails_with_the_closest_score_and_saves_the_screen()
    {
        var dir = Directory.CreateTempSubdirectory("runner").FullName;
        try
        {
            var failure = Path.Combine(dir, "fail.png");
            var session = new FakeSession(NeedleMatcherTests.Screen(250, 150));
            var runner = new ScriptRunner(session, Needles(), NullLogger.Instance, new ScriptRunnerOptions { FailureScreenshot = failure });
            var result = runner.Run(StepScript.Parse("\nwait-needle ok 700ms\n"));
            Assert.False(result.Success);
            Assert.Equal(2, result.Line);
            Assert.Contains("ok did not appear within 0.7 s; closest: needle button [ok]:", result.Message);
            Assert.Contains("last screen saved to " + failure, result.Message);
            Assert.NotNull(result.Closest);
            Assert.True(Png.Read(failure).SameAs(session.Screen));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Wait_still_returns_once_changes_stop_and_fails_while_they_go_on()
    {
        var session = new FakeSession(NeedleMatcherTests.Screen(10, 10));
        var runner = new ScriptRunner(session, Needles(), NullLogger.Instance,
            new ScriptRunnerOptions { StillPoll = TimeSpan.FromMilliseconds(20), FailureScreenshot = Path.Combine(Path.GetTempPath(), $"still-{Guid.NewGuid()}.png") });
        using var cts = new CancellationTokenSource();
        var flicker = new Thread(() =>
        {
            for (var i = 0; !cts.IsCancellationRequested && i < 200; i++) { session.Change(NeedleMatcherTests.Screen(i % 2 == 0 ? 10 : 100, 10)); Thread.Sleep(30); }
        });
        flicker.Start();
        var busy = runner.Run(StepScript.Parse("wait-still 400ms 1s"));
        Assert.False(busy.Success);
        Assert.Contains("did not stay still for 0.4 s within 1 s", busy.Message);
        cts.Cancel();
        flicker.Join();
        File.Delete(busy.FailureScreenshot!);
        Assert.True(runner.Run(StepScript.Parse("wait-still 300ms 5s")).Success);

        // A blinking cursor (a few pixels) does not keep the screen from being still.
        var blink = new Thread(() =>
        {
            for (var i = 0; i < 30; i++)
            {
                var next = session.Screen.Clone();
                next[5, 5] ^= 0xFFFFFF;
                session.Change(next);
                Thread.Sleep(30);
            }
        });
        blink.Start();
        Assert.True(runner.Run(StepScript.Parse("wait-still 300ms 5s")).Success);
        blink.Join();
    }

    [Fact]
    public void Validate_refuses_unknown_needles_before_anything_runs()
    {
        var e = Assert.Throws<RfbException>(() => ScriptRunner.Validate(StepScript.Parse("wait-needle nope"), Needles(), "s.vnc"));
        Assert.Contains("s.vnc:1: no needle is named or tagged \"nope\" (known: button)", e.Message);
    }
}
