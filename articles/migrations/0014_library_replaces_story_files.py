"""After 0013 moved every cover and body photo into the library: the story's own files go, the library's cover
takes the name "cover"."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0013_photos_into_library"),
    ]

    operations = [
        migrations.RemoveField(model_name="article", name="cover"),
        migrations.RenameField(model_name="article", old_name="cover_photo", new_name="cover"),
        migrations.DeleteModel(name="ArticleImage"),
    ]
