namespace Appliance.Tftp;

/// <summary>
/// The sender's side of RFC 7440 as a state machine without I/O, so every decision is unit-tested: which block goes out
/// next, what an ACK means, what a timeout resends. Blocks are absolute 64-bit indexes; block 0 stands for the OACK.
/// <list type="bullet">
/// <item>The window is [<see cref="First"/>, <see cref="End"/>]: <see cref="Window"/> blocks from the first
/// unacknowledged one. <see cref="Next"/> is the next block to put on the wire; everything before it is in flight or
/// acknowledged.</item>
/// <item>An ACK of the last block sent slides the window; the new blocks after the old end are sent.</item>
/// <item>An ACK short of the last block sent reports a gap: the receiver has everything up to it in order and lost
/// what follows (RFC 7440 §4), so the window starts again right after it (rollback). At most once per round trip:
/// blocks sent before a rollback or timeout resend are still on their way, and a receiver that gets them after its gap
/// report answers them with more ACKs short of the end (atftp 0.8 sends an extra ACK at the first duplicate or
/// out-of-order block it sees and restarts its window count there). Rolling back on those too would resend blocks the
/// receiver already has, each duplicate would bring another short ACK, and the transfer would settle into sending much
/// of every window twice. So a short ACK that comes within a round trip of the last resend, for a block below the
/// highest one sent before it (the recovery point, as in TCP NewReno, RFC 6582 §3.2), only slides the window; the
/// caller says whether a round trip has passed. A short ACK after that is a new gap report (the resent copies were
/// lost or reordered too) and rolls back again.</item>
/// <item>An ACK that acknowledges nothing new (a duplicate, an old one, or one for a block never sent) is ignored: no ACK
/// is ever answered twice, which is the cure for the Sorcerer's Apprentice syndrome (RFC 1123 §4.2.3.1).</item>
/// <item>A timeout resends the window from the first unacknowledged block (RFC 7440 §4).</item>
/// </list>
/// </summary>
internal sealed class TftpSendWindow
{
    private long _lastAck;
    private long _recover = -1;

    /// <param name="first">The first block to send: 0 when an OACK goes first (RFC 2347 §2), else 1.</param>
    /// <param name="last">The last block of the file when the size is known, else <see cref="long.MaxValue"/>.</param>
    /// <param name="window">Blocks per window (RFC 7440 windowsize; 1 = lock-step RFC 1350).</param>
    public TftpSendWindow(long first, long last, int window)
    {
        First = first;
        Next = first;
        Last = last;
        Window = window;
        _lastAck = first - 1;
    }

    /// <summary>The first block not acknowledged yet.</summary>
    public long First { get; private set; }

    /// <summary>The next block to send.</summary>
    public long Next { get; private set; }

    /// <summary>The last block of the file (known from the size, or from the first short block read).</summary>
    public long Last { get; private set; }

    /// <summary>Blocks per window; a WDS client may change it with every ACK (msftwindow).</summary>
    public int Window { get; set; }

    /// <summary>The last block of the current window. The OACK travels alone: the window after it starts at block 1.</summary>
    public long End => First == 0 ? 0 : Math.Min(First + Window - 1, Last);

    /// <summary>The last block the client acknowledged (0 after the OACK's ACK).</summary>
    public long Acknowledged => _lastAck;

    /// <summary>Blocks sent and not acknowledged.</summary>
    public long InFlight => Next - First;

    /// <summary>The next block to send now, if the window has room.</summary>
    public bool TryNext(out long block)
    {
        block = Next;
        return Next <= End;
    }

    /// <summary>Records that <paramref name="block"/> went out; <paramref name="short"/> when it was the file's last block.</summary>
    public void Sent(long block, bool @short)
    {
        Next = block + 1;
        if (@short && block > 0 && block < Last) Last = block;
    }

    /// <summary>Decides what an ACK carrying the 16-bit <paramref name="wire"/> block number means.</summary>
    /// <param name="wire">The ACK's block number.</param>
    /// <param name="withinRoundTripOfResend">Less than one round trip has passed since the last rollback or timeout resend.</param>
    public TftpAckDecision OnAck(ushort wire, bool withinRoundTripOfResend = false)
    {
        // Map the low 16 bits onto the blocks sent, [First-1, Next-1]; anything else was never sent (or is far older).
        var acked = First - 1 + (ushort)(wire - (ushort)(First - 1));
        if (acked >= Next) return TftpAckDecision.Ignore;
        if (acked < First) return TftpAckDecision.Ignore; // nothing new: a duplicate or late copy (Sorcerer's Apprentice)

        _lastAck = acked;
        First = acked + 1;
        if (acked == Last) return TftpAckDecision.Complete;
        if (acked == Next - 1 || (withinRoundTripOfResend && acked < _recover)) return TftpAckDecision.Advance;
        // RFC 7440 §4: the receiver has everything up to `acked` and lost what follows: send from the next block again.
        _recover = Next - 1;
        Next = First;
        return TftpAckDecision.Rollback;
    }

    /// <summary>No ACK within the retransmission timeout: resend the window from the first unacknowledged block (RFC 7440 §4).</summary>
    /// <returns>The number of blocks that had been sent and are now sent again.</returns>
    public long OnTimeout()
    {
        var resent = Next - First;
        if (resent > 0) _recover = Next - 1;
        Next = First;
        return resent;
    }
}
