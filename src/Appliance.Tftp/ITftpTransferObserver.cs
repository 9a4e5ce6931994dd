namespace Appliance.Tftp;

/// <summary>What the host hears about transfers (events on the control socket). Called on the transfer's own task; keep it quick.</summary>
public interface ITftpTransferObserver
{
    void TransferStarted(TftpTransferInfo transfer);

    void TransferFinished(TftpTransferInfo transfer, TftpTransferResult result);
}
