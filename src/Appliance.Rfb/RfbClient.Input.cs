using System.Buffers.Binary;

namespace Appliance.Rfb;

public sealed partial class RfbClient
{
    /// <summary>§7.5.3 FramebufferUpdateRequest for the whole screen.</summary>
    public void RequestUpdate(bool incremental)
    {
        int w, h;
        lock (_gate) (w, h) = (_framebuffer.Width, _framebuffer.Height);
        lock (_sendGate)
        {
            var m = _sendBuffer.AsSpan(0, RfbWire.UpdateRequestSize);
            m[0] = RfbWire.ClientFramebufferUpdateRequest;
            m[1] = incremental ? (byte)1 : (byte)0;
            BinaryPrimitives.WriteUInt16BigEndian(m[2..], 0);
            BinaryPrimitives.WriteUInt16BigEndian(m[4..], 0);
            BinaryPrimitives.WriteUInt16BigEndian(m[6..], (ushort)w);
            BinaryPrimitives.WriteUInt16BigEndian(m[8..], (ushort)h);
            SendLocked(m);
        }
    }

    /// <summary>
    /// Presses or releases a key: a QEMU extended key event (rfbproto message 255 subtype 0: down flag, keysym and XT
    /// scancode) when the server acknowledged -258 and the key has a scancode, otherwise §7.5.4 KeyEvent with the keysym.
    /// </summary>
    public void SendKey(RfbKey key, bool down)
    {
        lock (_sendGate)
        {
            if (QemuKeys && key.Scancode != 0)
            {
                var m = _sendBuffer.AsSpan(0, RfbWire.QemuKeyEventSize);
                m[0] = RfbWire.ClientQemu;
                m[1] = RfbWire.QemuSubtypeExtendedKey;
                BinaryPrimitives.WriteUInt16BigEndian(m[2..], down ? (ushort)1 : (ushort)0);
                BinaryPrimitives.WriteUInt32BigEndian(m[4..], key.Keysym);
                BinaryPrimitives.WriteUInt32BigEndian(m[8..], key.Scancode);
                SendLocked(m);
            }
            else
            {
                var m = _sendBuffer.AsSpan(0, RfbWire.KeyEventSize);
                m[0] = RfbWire.ClientKeyEvent;
                m[1] = down ? (byte)1 : (byte)0;
                m[2] = m[3] = 0;
                BinaryPrimitives.WriteUInt32BigEndian(m[4..], key.Keysym);
                SendLocked(m);
            }
        }
    }

    /// <summary>§7.5.5 PointerEvent: button mask bit 0 = left, 1 = middle, 2 = right.</summary>
    public void SendPointer(int x, int y, byte buttons)
    {
        lock (_sendGate)
        {
            var m = _sendBuffer.AsSpan(0, RfbWire.PointerEventSize);
            m[0] = RfbWire.ClientPointerEvent;
            m[1] = buttons;
            BinaryPrimitives.WriteUInt16BigEndian(m[2..], (ushort)Math.Clamp(x, 0, ushort.MaxValue));
            BinaryPrimitives.WriteUInt16BigEndian(m[4..], (ushort)Math.Clamp(y, 0, ushort.MaxValue));
            SendLocked(m);
        }
    }

    private void Send(ReadOnlySpan<byte> message)
    {
        lock (_sendGate) SendLocked(message);
    }

    private void SendLocked(ReadOnlySpan<byte> message)
    {
        try
        {
            _transport.Write(message);
            _transport.Flush();
        }
        catch (IOException e)
        {
            throw new RfbException(RfbErrorReason.Disconnected, $"sending to the server failed: {LostConnection(e)}", e);
        }
        catch (Exception e) when (e is ObjectDisposedException or NotSupportedException)
        {
            throw new RfbException(RfbErrorReason.Disconnected, $"sending to the server failed: {e.Message}", e);
        }
    }
}
