using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Appliance.Rfb;

/// <summary>
/// Runs a step script against a VNC session. Every wait is bounded by its step's timeout; a needle is matched again
/// whenever a framebuffer update arrives (and at least every 500 ms). The first failing step ends the run: the last
/// screen is saved and the result names the closest needle and its score.
/// </summary>
public sealed class ScriptRunner(IRfbSession session, NeedleSet needles, ILogger logger, ScriptRunnerOptions? options = null)
{
    private static readonly TimeSpan MatchPoll = TimeSpan.FromMilliseconds(500);
    private readonly ScriptRunnerOptions _options = options ?? new ScriptRunnerOptions();
    private TimeSpan _keyInterval = (options ?? new ScriptRunnerOptions()).KeyInterval;
    private PixelImage _screen = new(0, 0);

    /// <summary>Checks that every needle a script names exists, before anything is sent to the machine.</summary>
    public static void Validate(IReadOnlyList<ScriptStep> steps, NeedleSet needles, string where)
    {
        foreach (var step in steps)
            foreach (var name in step.Needles)
                if (needles.Find(name).Count == 0)
                    throw new RfbException(RfbErrorReason.BadScript,
                        $"{where}:{step.Line}: no needle is named or tagged \"{name}\" (known: {string.Join(", ", needles.All.Select(n => n.Name))})");
    }

    public ScriptResult Run(IReadOnlyList<ScriptStep> steps)
    {
        var line = 0;
        try
        {
            if (!session.WaitForUpdate(0, _options.FirstFrameTimeout))
                return Fail(0, $"no framebuffer update from the server within {_options.FirstFrameTimeout.TotalSeconds:0} s", null);
            foreach (var step in steps)
            {
                line = step.Line;
                RfbLog.Step(logger, step.Line, step.Source);
                var failure = RunStep(step);
                if (failure is not null) return failure;
            }
            return ScriptResult.Ok(steps.Count);
        }
        catch (RfbException e) when (e.Reason is not (RfbErrorReason.BadScript or RfbErrorReason.BadNeedle or RfbErrorReason.BadPng))
        {
            // The server went away or broke the protocol mid-step: still save what was last seen.
            return Fail(line, e.Message, null) with { ConnectionError = e.Reason };
        }
    }

    private ScriptResult? RunStep(ScriptStep step)
    {
        switch (step.Kind)
        {
            case StepKind.WaitNeedle:
            case StepKind.ClickNeedle:
            {
                var match = WaitNeedle(step, out var failure);
                if (match is null) return failure;
                if (step.Kind == StepKind.ClickNeedle)
                {
                    var (x, y) = match.ClickPoint;
                    Click(step.Line, x, y, step.Buttons);
                }
                return null;
            }
            case StepKind.WaitStill:
                return WaitStill(step);
            case StepKind.Type:
            case StepKind.Keys:
                SendKeys(step.Keys);
                return null;
            case StepKind.ClickAt:
                Click(step.Line, step.X, step.Y, step.Buttons);
                return null;
            case StepKind.Screenshot:
            {
                var path = Path.Combine(_options.WorkingDirectory, step.File!);
                session.Snapshot(_screen);
                Png.Write(path, _screen);
                RfbLog.Screenshot(logger, step.Line, path, _screen.Width, _screen.Height);
                return null;
            }
            case StepKind.Sleep:
                Thread.Sleep(step.Duration);
                return null;
            case StepKind.SetKeyInterval:
                _keyInterval = step.Duration;
                return null;
            default:
                throw new UnreachableException($"step kind {step.Kind}");
        }
    }

    private NeedleMatch? WaitNeedle(ScriptStep step, out ScriptResult? failure)
    {
        var candidates = step.Needles.SelectMany(needles.Find).Distinct().ToList();
        var clock = Stopwatch.StartNew();
        NeedleMatch? closest = null;
        long seen = -1;
        while (true)
        {
            var updates = session.UpdateCount;
            if (updates != seen)
            {
                seen = updates;
                session.Snapshot(_screen);
                var best = NeedleMatcher.Best(_screen, candidates);
                if (best is { Passed: true })
                {
                    RfbLog.Matched(logger, step.Line, best.ToString(), clock.Elapsed.TotalSeconds);
                    failure = null;
                    return best;
                }
                if (best is not null && (closest is null || best.Score >= closest.Score)) closest = best;
            }
            var left = step.Timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                failure = Fail(step.Line,
                    $"{string.Join(" or ", step.Needles)} did not appear within {step.Timeout.TotalSeconds:0.#} s; closest: {closest?.ToString() ?? "none"}", closest);
                return null;
            }
            session.WaitForUpdate(updates, left < MatchPoll ? left : MatchPoll);
        }
    }

    private ScriptResult? WaitStill(ScriptStep step)
    {
        // "Still" tolerates a few changed pixels (a blinking text cursor is 144 of 288,000 on a 720x400 console), as
        // openQA's wait_still_screen compares by similarity; changes are measured against the frame where the
        // stillness began, so a slow drift cannot pass as still.
        var clock = Stopwatch.StartNew();
        var reference = session.Snapshot();
        var stillSince = clock.Elapsed;
        while (clock.Elapsed - stillSince < step.Duration)
        {
            if (clock.Elapsed >= step.Timeout)
                return Fail(step.Line, $"the screen did not stay still for {step.Duration.TotalSeconds:0.#} s within {step.Timeout.TotalSeconds:0.#} s", null);
            session.WaitForUpdate(session.UpdateCount, _options.StillPoll);
            session.Snapshot(_screen);
            if (!NearlySame(_screen, reference, _options.StillTolerance))
            {
                (reference, _screen) = (_screen, reference);
                stillSince = clock.Elapsed;
            }
        }
        RfbLog.Still(logger, step.Line, step.Duration.TotalSeconds, clock.Elapsed.TotalSeconds);
        return null;
    }

    private static bool NearlySame(PixelImage a, PixelImage b, double tolerance)
    {
        if (a.Width != b.Width || a.Height != b.Height) return false;
        var allowed = (long)(a.Pixels.Length * tolerance);
        long changed = 0;
        var x = a.Pixels.AsSpan();
        var y = b.Pixels.AsSpan();
        for (var i = 0; i < x.Length;)
        {
            var same = x[i..].CommonPrefixLength(y[i..]);
            i += same;
            if (i >= x.Length) break;
            if (++changed > allowed) return false;
            i++;
        }
        return true;
    }

    private void SendKeys(IReadOnlyList<KeyAction> actions)
    {
        foreach (var action in actions)
        {
            switch (action.Kind)
            {
                case KeyActionKind.Wait:
                    Thread.Sleep(action.Wait);
                    continue;
                case KeyActionKind.Down:
                    session.SendKey(action.Key, down: true);
                    break;
                case KeyActionKind.Up:
                    session.SendKey(action.Key, down: false);
                    break;
                case KeyActionKind.Tap:
                    // Shift is pressed explicitly for shifted characters, also in keysym mode: servers that map
                    // keysyms to scancodes (QEMU without -258) otherwise type the unshifted key.
                    if (action.Shift) session.SendKey(RfbKey.LeftShift, down: true);
                    session.SendKey(action.Key, down: true);
                    session.SendKey(action.Key, down: false);
                    if (action.Shift) session.SendKey(RfbKey.LeftShift, down: false);
                    break;
            }
            if (_keyInterval > TimeSpan.Zero) Thread.Sleep(_keyInterval);
        }
    }

    private void Click(int line, int x, int y, byte buttons)
    {
        RfbLog.Click(logger, line, x, y);
        session.SendPointer(x, y, 0);
        session.SendPointer(x, y, buttons);
        Thread.Sleep(50);
        session.SendPointer(x, y, 0);
    }

    private ScriptResult Fail(int line, string message, NeedleMatch? closest)
    {
        string? saved = null;
        try
        {
            session.Snapshot(_screen);
            if (_screen.Width > 0)
            {
                Png.Write(_options.FailureScreenshot, _screen);
                saved = _options.FailureScreenshot;
                message += $"; last screen saved to {saved}";
            }
        }
        catch (IOException e) { message += $"; saving the last screen to {_options.FailureScreenshot} failed: {e.Message}"; }
        RfbLog.Failed(logger, line, message);
        return new ScriptResult(false, line, message, closest, saved);
    }
}
