using System.Globalization;
using System.Xml;
using Piksel.Emulator.Aws.Protocol;

namespace Piksel.Emulator.Aws.Ec2.Instances;

/// <summary>An instance type as DescribeInstanceTypes answers it (the members Karpenter and the SDKs read).</summary>
internal static class InstanceTypeXml
{
    public static void Write(XmlWriter xml, InstanceTypeInfo type)
    {
        static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        xml.WriteElementString("instanceType", type.Name);
        xml.WriteElementString("currentGeneration", "true");
        xml.WriteElementString("freeTierEligible", "false");
        xml.WriteSet("supportedUsageClasses", type.UsageClasses, (x, c) => x.WriteString(c));
        xml.WriteSet("supportedRootDeviceTypes", ["ebs"], (x, c) => x.WriteString(c));
        xml.WriteSet("supportedVirtualizationTypes", ["hvm"], (x, c) => x.WriteString(c));
        xml.WriteElementString("bareMetal", "false");
        xml.WriteElementString("hypervisor", InstanceTypeInfo.Hypervisor);
        xml.WriteStartElement("processorInfo");
        xml.WriteSet("supportedArchitectures", [type.Architecture], (x, a) => x.WriteString(a));
        xml.WriteElementString("sustainedClockSpeedInGhz", type.Family.StartsWith('c') ? "3.5" : "3.1");
        xml.WriteElementString("manufacturer", type.Family is "g5" ? "AMD" : "Intel");
        xml.WriteEndElement();
        xml.WriteStartElement("vCpuInfo");
        xml.WriteElementString("defaultVCpus", N(type.VCpus));
        xml.WriteElementString("defaultCores", N(Math.Max(1, type.VCpus / 2)));
        xml.WriteElementString("defaultThreadsPerCore", type.VCpus > 1 ? "2" : "1");
        xml.WriteEndElement();
        xml.WriteStartElement("memoryInfo");
        xml.WriteElementString("sizeInMiB", N(type.MemoryMiB));
        xml.WriteEndElement();
        xml.WriteElementString("instanceStorageSupported", "false");
        xml.WriteStartElement("ebsInfo");
        xml.WriteElementString("ebsOptimizedSupport", "default");
        xml.WriteElementString("encryptionSupport", "supported");
        xml.WriteElementString("nvmeSupport", "required");
        xml.WriteEndElement();
        xml.WriteStartElement("networkInfo");
        xml.WriteElementString("networkPerformance", type.VCpus >= 16 ? "Up to 25 Gigabit" : "Up to 10 Gigabit");
        xml.WriteElementString("maximumNetworkInterfaces", N(type.MaxNetworkInterfaces));
        xml.WriteElementString("maximumNetworkCards", "1");
        xml.WriteElementString("defaultNetworkCardIndex", "0");
        xml.WriteSet("networkCards", [type], (x, t) =>
        {
            x.WriteElementString("networkCardIndex", "0");
            x.WriteElementString("maximumNetworkInterfaces", N(t.MaxNetworkInterfaces));
        });
        xml.WriteElementString("ipv4AddressesPerInterface", N(type.Ipv4PerInterface));
        xml.WriteElementString("ipv6AddressesPerInterface", N(type.Ipv4PerInterface));
        xml.WriteElementString("ipv6Supported", "true");
        xml.WriteElementString("enaSupport", "required");
        xml.WriteElementString("efaSupported", "false");
        xml.WriteElementString("encryptionInTransitSupported", type.Burstable ? "false" : "true");
        xml.WriteEndElement();
        if (type.Gpus > 0)
        {
            xml.WriteStartElement("gpuInfo");
            xml.WriteSet("gpus", [type], (x, t) =>
            {
                x.WriteElementString("name", t.GpuName);
                x.WriteElementString("manufacturer", "NVIDIA");
                x.WriteElementString("count", N(t.Gpus));
                x.WriteStartElement("memoryInfo");
                x.WriteElementString("sizeInMiB", N(t.GpuMemoryMiB));
                x.WriteEndElement();
            });
            xml.WriteElementString("totalGpuMemoryInMiB", N(type.Gpus * type.GpuMemoryMiB));
            xml.WriteEndElement();
        }
        xml.WriteSet("supportedBootModes", ["legacy-bios", "uefi"], (x, m) => x.WriteString(m));
        xml.WriteElementString("burstablePerformanceSupported", XmlValues.Bool(type.Burstable));
        xml.WriteElementString("hibernationSupported", "false");
        xml.WriteElementString("autoRecoverySupported", "true");
    }
}
