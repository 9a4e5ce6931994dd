namespace Appliance.Tftp.Tests;

/// <summary>The sender's RFC 7440 decisions, one situation at a time, without sockets or timers.</summary>
public class TftpSendWindowTests
{
    /// <summary>Sends everything the window has room for; returns the blocks sent.</summary>
    private static List<long> Drain(TftpSendWindow w)
    {
        var sent = new List<long>();
        while (w.TryNext(out var k))
        {
            sent.Add(k);
            w.Sent(k, k == w.Last);
        }
        return sent;
    }

    private static TftpSendWindow AfterOack(int window, long last = 1000)
    {
        var w = new TftpSendWindow(0, last, window);
        Assert.Equal([0L], Drain(w));                       // the OACK travels alone
        Assert.Equal(TftpAckDecision.Advance, w.OnAck(0));
        return w;
    }

    [Fact]
    public void An_ack_of_the_whole_window_slides_it()
    {
        var w = AfterOack(4);
        Assert.Equal([1L, 2, 3, 4], Drain(w));
        Assert.Equal(TftpAckDecision.Advance, w.OnAck(4));
        Assert.Equal([5L, 6, 7, 8], Drain(w));
    }

    [Fact]
    public void A_gap_report_rolls_back_to_the_block_after_it()
    {
        // RFC 7440 §4: the receiver lost block 3 and acknowledges 2, the last it has in order.
        var w = AfterOack(4);
        Drain(w);
        Assert.Equal(TftpAckDecision.Rollback, w.OnAck(2));
        Assert.Equal([3L, 4, 5, 6], Drain(w));
    }

    [Fact]
    public void After_a_rollback_short_acks_for_blocks_already_in_flight_only_slide()
    {
        // The cascade atftp 0.8 fell into with the old engine: 6 arrives after 7. atftp acknowledges 5 when 7 comes (a
        // gap), takes 6 in order, and when 8 comes (7 was skipped) sends a second extra ACK, for 6, then 7 for the next.
        var w = AfterOack(4);
        Drain(w);
        Assert.Equal(TftpAckDecision.Advance, w.OnAck(4));
        Assert.Equal([5L, 6, 7, 8], Drain(w));
        Assert.Equal(TftpAckDecision.Rollback, w.OnAck(5));  // a gap after 5: roll back to 6 (recovery point 8)
        Assert.Equal([6L, 7, 8, 9], Drain(w));
        // The second short ACK (6), within a round trip, answers blocks sent before the rollback: slide, send only the
        // one new block. The copies of 7..9 just sent fill atftp's gap.
        Assert.Equal(TftpAckDecision.Advance, w.OnAck(6, withinRoundTripOfResend: true));
        Assert.Equal([10L], Drain(w));
        Assert.Equal(TftpAckDecision.Advance, w.OnAck(7, withinRoundTripOfResend: true));
        Assert.Equal([11L], Drain(w));
        // Past the recovery point, a short ACK is a fresh gap report again, round trip or not.
        Assert.Equal(TftpAckDecision.Rollback, w.OnAck(9, withinRoundTripOfResend: true));
        Assert.Equal([10L, 11, 12, 13], Drain(w));
        Assert.Equal(TftpAckDecision.Advance, w.OnAck(13));
        Assert.Equal([14L, 15, 16, 17], Drain(w));
    }

    [Fact]
    public void A_short_ack_a_round_trip_after_the_resend_reports_a_new_gap()
    {
        // The resent copies were reordered too: atftp took 4 and skipped 5. Its ACK comes after a round trip, so it is
        // about the copies just sent: roll back again, or it waits for a timer (and the old engine's backoff made that
        // a second per window).
        var w = AfterOack(8);
        Drain(w);                                                // 1..8
        Assert.Equal(TftpAckDecision.Rollback, w.OnAck(2));     // recovery point 8
        Assert.Equal([3L, 4, 5, 6, 7, 8, 9, 10], Drain(w));
        Assert.Equal(TftpAckDecision.Rollback, w.OnAck(4, withinRoundTripOfResend: false));
        Assert.Equal([5L, 6, 7, 8, 9, 10, 11, 12], Drain(w));
    }

    [Fact]
    public void After_a_timeout_the_extra_ack_for_a_duplicate_does_not_resend()
    {
        var w = AfterOack(8);
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8], Drain(w));
        Assert.Equal(8, w.OnTimeout());                       // spurious: the client was slow, not the network lossy
        Assert.Equal([1L, 2, 3, 4, 5, 6, 7, 8], Drain(w));
        // The client had 1..5 when the copies began to arrive: it acknowledges 5 on the first duplicate, and will
        // acknowledge 8 when it has counted its window. 6..8 are in flight: they are not sent a third time.
        Assert.Equal(TftpAckDecision.Advance, w.OnAck(5, withinRoundTripOfResend: true));
        Assert.Equal([9L, 10, 11, 12, 13], Drain(w));
        Assert.Equal(TftpAckDecision.Advance, w.OnAck(13));
    }

    [Fact]
    public void Duplicate_and_old_acks_send_nothing_however_often_they_come()
    {
        // Sorcerer's Apprentice (RFC 1123 §4.2.3.1): a duplicated ACK must not send the next window twice.
        var w = AfterOack(4);
        Drain(w);
        Assert.Equal(TftpAckDecision.Advance, w.OnAck(4));
        Assert.Equal([5L, 6, 7, 8], Drain(w));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(TftpAckDecision.Ignore, w.OnAck(4));  // duplicate
            Assert.Equal(TftpAckDecision.Ignore, w.OnAck(2));  // older
            Assert.Equal(TftpAckDecision.Ignore, w.OnAck(0));  // the OACK's
            Assert.Empty(Drain(w));
        }
        Assert.Equal(TftpAckDecision.Ignore, w.OnAck(9));      // never sent
        Assert.Empty(Drain(w));
    }

    [Fact]
    public void A_timeout_resends_from_the_first_unacknowledged_block_once()
    {
        var w = AfterOack(4);
        Drain(w);
        Assert.Equal(TftpAckDecision.Advance, w.OnAck(4));
        Drain(w);                                               // 5..8 sent, nothing heard
        Assert.Equal(4, w.OnTimeout());
        Assert.Equal([5L, 6, 7, 8], Drain(w));
        // The client's ACK for the first copy arrives, then its extra ACK for the duplicate: only one slide.
        Assert.Equal(TftpAckDecision.Advance, w.OnAck(8));
        Assert.Equal([9L, 10, 11, 12], Drain(w));
        Assert.Equal(TftpAckDecision.Ignore, w.OnAck(8));
        Assert.Empty(Drain(w));
    }

    [Fact]
    public void Block_numbers_wrap_and_the_last_block_completes()
    {
        var w = new TftpSendWindow(1, 65540, 4);
        for (var k = 1L; k <= 65532; k++) w.Sent(k, false);     // fast-forward: blocks 1..65532 sent
        Assert.Equal(TftpAckDecision.Advance, w.OnAck(65532));
        Assert.Equal([65533L, 65534, 65535, 65536], Drain(w));
        Assert.Equal(TftpAckDecision.Advance, w.OnAck(0));      // 65536 on the wire is 0
        Assert.Equal(65536, w.Acknowledged);
        Assert.Equal([65537L, 65538, 65539, 65540], Drain(w));
        Assert.Equal(TftpAckDecision.Ignore, w.OnAck(65535));   // an old one from before the wrap
        Assert.Equal(TftpAckDecision.Complete, w.OnAck(4));     // 65540
    }

    [Fact]
    public void A_short_block_ends_the_file_when_the_size_was_unknown()
    {
        var w = new TftpSendWindow(1, long.MaxValue, 8);
        w.Sent(1, false);
        w.Sent(2, true);                                        // short: the last block (netascii)
        Assert.False(w.TryNext(out _));
        Assert.Equal(TftpAckDecision.Complete, w.OnAck(2));
    }
}
