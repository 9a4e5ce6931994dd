namespace Appliance.Registry;

/// <summary>Registry value types as stored in a vk cell (winnt.h REG_* numbers).</summary>
public enum RegistryValueKind : uint
{
    None = 0,
    String = 1,
    ExpandString = 2,
    Binary = 3,
    DWord = 4,
    DWordBigEndian = 5,
    Link = 6,
    MultiString = 7,
    ResourceList = 8,
    FullResourceDescriptor = 9,
    ResourceRequirementsList = 10,
    QWord = 11,
}
