/**
 * os-release and release-file samples. They are not copies of files from this machine (those are read
 * directly by the tests); they were written from each distribution's documented os-release fields
 * (freedesktop os-release(5) plus the values the distributions publish for their releases) and
 * redhat-release/lsb-release line formats. Only fields the detector reads matter.
 */
export const OS_RELEASE_SAMPLES: Record<string, { text: string; family: string; version: string; codename?: string }> = {
  ubuntu2204: {
    text: `PRETTY_NAME="Ubuntu 22.04.4 LTS"
NAME="Ubuntu"
VERSION_ID="22.04"
VERSION="22.04.4 LTS (Jammy Jellyfish)"
VERSION_CODENAME=jammy
ID=ubuntu
ID_LIKE=debian
UBUNTU_CODENAME=jammy
`,
    family: 'ubuntu',
    version: '22.04',
    codename: 'jammy',
  },
  alpine: {
    text: `NAME="Alpine Linux"
ID=alpine
VERSION_ID=3.19.1
PRETTY_NAME="Alpine Linux v3.19"
HOME_URL="https://alpinelinux.org/"
`,
    family: 'alpine',
    version: '3.19.1',
  },
  wolfi: {
    text: `ID=wolfi
NAME="Wolfi"
PRETTY_NAME="Wolfi"
VERSION_ID="20230201"
HOME_URL="https://wolfi.dev"
`,
    family: 'wolfi',
    version: '20230201',
  },
  chainguard: {
    text: `ID=chainguard
NAME="Chainguard"
PRETTY_NAME="Chainguard"
VERSION_ID="20230214"
`,
    family: 'chainguard',
    version: '20230214',
  },
  ubi9: {
    text: `NAME="Red Hat Enterprise Linux"
VERSION="9.4 (Plow)"
ID="rhel"
ID_LIKE="fedora"
VERSION_ID="9.4"
PLATFORM_ID="platform:el9"
PRETTY_NAME="Red Hat Enterprise Linux 9.4 (Plow)"
`,
    family: 'rhel',
    version: '9.4',
  },
  rocky: {
    text: `NAME="Rocky Linux"
VERSION="9.3 (Blue Onyx)"
ID="rocky"
ID_LIKE="rhel centos fedora"
VERSION_ID="9.3"
PRETTY_NAME="Rocky Linux 9.3 (Blue Onyx)"
`,
    family: 'rocky',
    version: '9.3',
  },
  alma: {
    text: `NAME="AlmaLinux"
VERSION="8.9 (Midnight Oncilla)"
ID="almalinux"
ID_LIKE="rhel centos fedora"
VERSION_ID="8.9"
PRETTY_NAME="AlmaLinux 8.9 (Midnight Oncilla)"
`,
    family: 'almalinux',
    version: '8.9',
  },
  centos7: {
    text: `NAME="CentOS Linux"
VERSION="7 (Core)"
ID="centos"
ID_LIKE="rhel fedora"
VERSION_ID="7"
PRETTY_NAME="CentOS Linux 7 (Core)"
`,
    family: 'centos',
    version: '7',
  },
  fedora: {
    text: `NAME="Fedora Linux"
VERSION="39 (Container Image)"
ID=fedora
VERSION_ID=39
VERSION_CODENAME=""
PRETTY_NAME="Fedora Linux 39 (Container Image)"
`,
    family: 'fedora',
    version: '39',
  },
  amzn2023: {
    text: `NAME="Amazon Linux"
VERSION="2023"
ID="amzn"
ID_LIKE="fedora"
VERSION_ID="2023"
PRETTY_NAME="Amazon Linux 2023.3.20240131"
`,
    family: 'amzn',
    version: '2023',
  },
  leap: {
    text: `NAME="openSUSE Leap"
VERSION="15.5"
ID="opensuse-leap"
ID_LIKE="suse opensuse"
VERSION_ID="15.5"
PRETTY_NAME="openSUSE Leap 15.5"
`,
    family: 'opensuse-leap',
    version: '15.5',
  },
  tumbleweed: {
    text: `NAME="openSUSE Tumbleweed"
ID="opensuse-tumbleweed"
ID_LIKE="opensuse suse"
VERSION_ID="20240101"
PRETTY_NAME="openSUSE Tumbleweed"
`,
    family: 'opensuse-tumbleweed',
    version: '20240101',
  },
  sles: {
    text: `NAME="SLES"
VERSION="15-SP5"
VERSION_ID="15.5"
PRETTY_NAME="SUSE Linux Enterprise Server 15 SP5"
ID="sles"
ID_LIKE="suse"
`,
    family: 'sles',
    version: '15.5',
  },
  distroless: {
    text: `PRETTY_NAME="Distroless"
NAME="Debian GNU/Linux"
ID="debian"
VERSION_ID="12"
VERSION="Debian GNU/Linux 12 (bookworm)"
HOME_URL="https://github.com/GoogleContainerTools/distroless"
`,
    family: 'debian',
    version: '12',
    codename: 'bookworm',
  },
  debianSid: {
    text: `PRETTY_NAME="Debian GNU/Linux trixie/sid"
NAME="Debian GNU/Linux"
VERSION_CODENAME=trixie
ID=debian
`,
    family: 'debian',
    version: '',
    codename: 'trixie',
  },
};
