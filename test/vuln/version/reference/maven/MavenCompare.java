// Reference for the Maven comparator: Maven's own ComparableVersion (from maven-artifact).
// Reads "a<TAB>b" lines from args[0]; prints the sign of compareTo per line.
import java.io.BufferedReader;
import java.io.FileReader;
import java.io.PrintWriter;
import org.apache.maven.artifact.versioning.ComparableVersion;

public class MavenCompare {
  public static void main(String[] args) throws Exception {
    try (BufferedReader in = new BufferedReader(new FileReader(args[0]));
        PrintWriter out = new PrintWriter(System.out)) {
      String line;
      while ((line = in.readLine()) != null) {
        String[] ab = line.split("\t", 2);
        int c = new ComparableVersion(ab[0]).compareTo(new ComparableVersion(ab[1]));
        out.println(Integer.signum(c));
      }
    }
  }
}
