using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Appliance.Rfb;

/// <summary>Sum of absolute byte differences between two pixel rows (psadbw where the CPU has it).</summary>
internal static class Sad
{
    public static long Compute(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        var x = MemoryMarshal.AsBytes(a);
        var y = MemoryMarshal.AsBytes(b);
        ref var px = ref MemoryMarshal.GetReference(x);
        ref var py = ref MemoryMarshal.GetReference(y);
        var length = x.Length;
        var i = 0;
        long sum = 0;
        if (Avx2.IsSupported && length >= Vector256<byte>.Count)
        {
            var acc = Vector256<ulong>.Zero;
            for (; i <= length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                var va = Vector256.LoadUnsafe(ref px, (nuint)i);
                var vb = Vector256.LoadUnsafe(ref py, (nuint)i);
                acc = Avx2.Add(acc, Avx2.SumAbsoluteDifferences(va, vb).AsUInt64());
            }
            sum += (long)(acc.GetElement(0) + acc.GetElement(1) + acc.GetElement(2) + acc.GetElement(3));
        }
        if (Sse2.IsSupported && length - i >= Vector128<byte>.Count)
        {
            var acc = Vector128<ulong>.Zero;
            for (; i <= length - Vector128<byte>.Count; i += Vector128<byte>.Count)
            {
                var va = Vector128.LoadUnsafe(ref px, (nuint)i);
                var vb = Vector128.LoadUnsafe(ref py, (nuint)i);
                acc = Sse2.Add(acc, Sse2.SumAbsoluteDifferences(va, vb).AsUInt64());
            }
            sum += (long)(acc.GetElement(0) + acc.GetElement(1));
        }
        for (; i < length; i++)
            sum += Math.Abs(Unsafe.Add(ref px, i) - Unsafe.Add(ref py, i));
        return sum;
    }
}
